import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, decode, encode, IdSet, isTCStringError, parseGVL, toTCData, validate, applyPolicy } from '../src/index.js';

// Defects found in review (session 1), each held by a test.
const V1 = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA';
const CORE_ONLY = 'COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAYFfAV-BVkAGBVYFWAAA';
const BASE = { created: '2025-06-03T00:00:00Z', lastUpdated: '2025-06-03T00:00:00Z', segments: ['core'] as const };

function code(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (isTCStringError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

describe('encode: forged sets and shifting arrays', () => {
  it('refuses an IdSet whose layout hints would overflow MaxVendorId', () => {
    expect(code(() => encode({ ...BASE, vendorConsents: new IdSet(null, 0, 0, [1, 5], 65536, 0) }))).toBe('INVALID_VALUE');
    expect(code(() => encode({ ...BASE, vendorConsents: new IdSet(null, 0, 0, [1, 5], Infinity, 0) }))).toBe('INVALID_VALUE');
    expect(code(() => encode({ ...BASE, vendorConsents: new IdSet(null, 0, 0, [1, 5], 10, 7) }))).toBe('INVALID_VALUE');
  });

  it('writes the ids it checked, even when the array iterates differently than it indexes', () => {
    const shifty = [5, 3];
    Object.defineProperty(shifty, Symbol.iterator, {
      value: function* () {
        yield 70000;
        yield 0.5;
      },
    });
    const s = encode({ ...BASE, vendorConsents: shifty });
    expect(decode(s).vendorConsents.toArray()).toEqual([3, 5]);
  });

  it('keeps the layout of a set from another copy of the package (known by its fields)', () => {
    // A range-encoded vector whose MaxVendorId is above its largest id, as another copy's IdSet.
    const foreign = { _src: null, _offset: 0, _bits: 0, _runs: [702, 703], _maxVendorId: 800, _rangeEncoding: 1 };
    const tc = decode(encode({ ...BASE, vendorConsents: foreign as never }));
    expect(tc.vendorConsents.toArray()).toEqual([702, 703]);
    expect(tc.vendorConsents._maxVendorId).toBe(800);
    expect(tc.vendorConsents._rangeEncoding).toBe(1);
  });
});

describe('decoded values cannot poison each other', () => {
  it('the shared empty set of absent segments is frozen', () => {
    const a = decode(CORE_ONLY);
    expect(() => {
      (a.vendorsDisclosed as { has: unknown }).has = () => true;
    }).toThrow(TypeError);
    expect(() => (a.publisherConsents._runs as number[]).push(1, 24)).toThrow(TypeError);
    const b = decode(CORE_ONLY);
    expect(b.vendorsDisclosed.has(755)).toBe(false);
    expect(b.publisherConsents.size).toBe(0);
  });

  it('a hand-made IdSet with no fields is empty, not a TypeError', () => {
    const empty = new (IdSet as unknown as new () => IdSet)();
    expect(empty.has(1)).toBe(false);
    expect(empty.size).toBe(0);
    expect(empty.toArray()).toEqual([]);
  });
});

describe('functions that take a model take the JSON form too, or say why not', () => {
  const json = JSON.parse(JSON.stringify(decode(V1))) as Parameters<typeof encode>[0];

  it('toTCData of the JSON form equals toTCData of the string', () => {
    expect(toTCData(json)).toEqual(toTCData(V1));
  });

  it('validate of the JSON form equals validate of the string; of {} it is a finding, not a throw', () => {
    expect(validate(json)).toEqual(validate(V1));
    const findings = validate({} as never);
    expect(findings[0]).toMatchObject({ severity: 'error', code: 'DECODE_ERROR' });
  });

  it('decide and applyPolicy refuse the raw vendor-list JSON with INVALID_VALUE naming gvl', () => {
    const raw = JSON.parse(readFileSync(new URL('fixtures/gvl/v3-small.json', import.meta.url), 'utf8')) as unknown;
    const tc = decode(V1);
    for (const f of [() => decide(tc, raw as never, 1), () => applyPolicy(tc, raw as never), () => decide(tc, null as never, 1)]) {
      expect(code(f)).toBe('INVALID_VALUE');
    }
    expect(decide(tc, parseGVL(raw), 1).purposes).toHaveLength(11);
  });
});

describe('encode refuses keys that are no field', () => {
  it('a misspelled field is an error naming it, with the field it probably meant', () => {
    let caught: unknown;
    try {
      encode({ ...BASE, vendorConsent: [1, 2] } as never);
    } catch (error) {
      caught = error;
    }
    expect(isTCStringError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'INVALID_VALUE', field: 'vendorConsent' });
    expect((caught as Error).message).toMatch(/did you mean 'vendorConsents'/);
  });

  it('every key of a decoded value and of its JSON form is a field', () => {
    const tc = decode(V1);
    expect(encode(tc)).toBe(V1);
    expect(encode(JSON.parse(JSON.stringify(tc)) as never)).toBe(V1);
  });
});

describe('errors come in bit order', () => {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const toBits = (seg: string) => [...seg].map((c) => A.indexOf(c).toString(2).padStart(6, '0')).join('');
  const toText = (bits: string) => (bits + '0'.repeat((6 - (bits.length % 6)) % 6)).match(/.{6}/g)!.map((b) => A[parseInt(b, 2)]).join('');
  function thrown(s: string) {
    try {
      decode(s);
    } catch (error) {
      if (isTCStringError(error)) return error;
      throw error;
    }
    throw new Error('decoded');
  }

  it('a bad ConsentLanguage in a core cut short is reported before the end of the header', () => {
    const core = V1.split('.')[0]!;
    const bad = core.slice(0, 19) + 'a' + core.slice(20, 30); // letter value 26 at bits 114–119
    expect(thrown(bad)).toMatchObject({ code: 'INVALID_LETTER', field: 'consentLanguage', bitOffset: 108 });
  });

  it('a restriction on purpose 0 is reported before its NumEntries runs past the end', () => {
    const s = encode({ ...BASE, publisherRestrictions: [{ purposeId: 1, restrictionType: 0, vendorIds: [5] }] });
    const bits = toBits(s);
    // 213 header bits, two empty vendor vectors (17 each), NumPubRestrictions (12): the entry at 259.
    const cut = bits.slice(0, 259) + '000000' + '00' + '00000';
    expect(thrown(toText(cut).slice(0, Math.ceil(cut.length / 6)))).toMatchObject({
      code: 'INVALID_PURPOSE_ID',
      field: 'publisherRestrictions[0].purposeId',
      bitOffset: 259,
    });
  });
});

describe('encode: restriction keys and GVL ids', () => {
  it('a misspelled key in a restriction entry is refused too, naming its path', () => {
    let caught: unknown;
    try {
      encode({ ...BASE, publisherRestrictions: [{ purposeId: 2, restrictionType: 1, vendorID: [5] }] } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_VALUE', segment: 'core', field: 'publisherRestrictions[0].vendorID' });
    expect((caught as Error).message).toMatch(/did you mean 'vendorIds'/);
  });

  it('gvlVendorIds is a Set or an array (they read the same every time); a one-shot iterable is refused', () => {
    const m = { ...BASE, publisherRestrictions: [{ purposeId: 2, restrictionType: 1, vendorIds: [12, 15] }] };
    const withSet = encode(m, { gvlVendorIds: new Set([12, 15]) });
    expect(encode(m, { gvlVendorIds: [12, 15] })).toBe(withSet);
    expect(decode(withSet).publisherRestrictions[0]!.vendorIds.toArray()).toEqual([12, 13, 14, 15]);
    function* ids() {
      yield 12;
      yield 15;
    }
    expect(code(() => encode(m, { gvlVendorIds: ids() as never }))).toBe('INVALID_VALUE');
  });
});
