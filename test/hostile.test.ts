/**
 * Hostile input (issue 4): bounded cost, one error family, no pollution, no clock.
 *
 * Cost is checked without timing: the decoded structures must be as small as the input says
 * (merged runs, views into one buffer) and the work, counted as Array.prototype.push calls made
 * while decoding, must follow the number of range entries, not the ids they claim. Timings are in
 * bench/hostile.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decode, DECODE_DEFAULTS, encode, IdSet, isTCStringError, TCStringError, type TCModel } from '../src/index.js';
import { canonical, checkDecodeString, checkErrorShape, checkNoPollution, ERROR_CODES, SEED_VECTORS } from './fuzz-properties.js';
import {
  coreHeader,
  hostileOverlapping,
  hostileRestrictions,
  hostileVendorRanges,
  manyRestrictions,
  TestBits,
  typicalString,
  writeEmptyVector,
  writeEntries,
  writeRangeVector,
  type Entry,
} from './hostile-inputs.js';

// shared/tcf-format.md §11 V1.
const V1 = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA';
const V1_CORE = V1.split('.')[0]!;

/** The error `f` throws, which must be a TCStringError. */
function thrown(f: () => unknown): TCStringError {
  try {
    f();
  } catch (e) {
    if (!isTCStringError(e)) throw new Error(`expected a TCStringError, got ${String(e)}`, { cause: e });
    expect(e).toBeInstanceOf(TCStringError);
    return e;
  }
  throw new Error('expected a TCStringError, nothing was thrown');
}

/** Calls `f`, counting calls to Array.prototype.push meanwhile: a deterministic measure of work. */
function countPushes<T>(f: () => T): { value: T; pushes: number } {
  const original = Array.prototype.push;
  let pushes = 0;
  Array.prototype.push = function push(this: unknown[], ...items: unknown[]): number {
    pushes++;
    return original.apply(this, items);
  };
  try {
    const value = f();
    return { value, pushes };
  } finally {
    Array.prototype.push = original;
  }
}

/** The internal runs of a decoded range set (the run form is a documented internal: src/id-set.ts). */
function runs(set: IdSet): readonly number[] | null {
  return set._runs;
}

/**
 * What a bitfield set reads its bits from: the input text itself (`_src`) or a byte buffer
 * (`_bytes`), depending on the decoder's design; null for the run form.
 */
function backing(set: IdSet): { length: number } | null {
  const internals = set as unknown as { _src?: string | null; _bytes?: Uint8Array | null };
  return internals._src ?? internals._bytes ?? null;
}

/** A core whose vendor consents are `entries` (range encoded, MaxVendorId 65535). */
function coreWithConsentEntries(entries: readonly Entry[]): string {
  const w = coreHeader(new TestBits());
  writeRangeVector(w, 65535, entries);
  writeEmptyVector(w);
  w.push(0, 12);
  return w.toBase64url(24);
}

describe('cost follows the input, not what its ranges claim', () => {
  it('4,095 entries of [1, 65535] in one vendor vector (~22 KB): one merged run, work per entry', () => {
    const s = hostileVendorRanges();
    expect(s.length).toBeGreaterThan(22_000);
    expect(s.length).toBeLessThan(23_000);
    for (const lenient of [false, true]) {
      const { value: tc, pushes } = countPushes(() => decode(s, { lenient }));
      const v = tc.vendorConsents;
      expect(v.has(1)).toBe(true);
      expect(v.has(32768)).toBe(true);
      expect(v.has(65535)).toBe(true);
      expect(v.has(0)).toBe(false);
      expect(v.has(65536)).toBe(false);
      expect(v.size).toBe(65535);
      expect(v.max).toBe(65535);
      expect(runs(v)).toEqual([1, 65535]);
      expect(tc.vendorLegitimateInterests.size).toBe(0);
      // A decoder that expanded the ranges would push 4,095 × 65,535 ids.
      expect(pushes).toBeLessThanOrEqual(3 * 4095 + 100);
    }
    // Re-encoding writes the one merged range: a short string that still says 1–65535.
    const again = encode(decode(s));
    expect(again.length).toBeLessThan(60);
    expect(decode(again).vendorConsents.size).toBe(65535);
  });

  it('64 restrictions × 4,095 entries of [1, 65535] (~1.4 MB): refused by default, linear with a raised maxLength', () => {
    const s = hostileRestrictions();
    expect(s.length).toBeGreaterThan(1_400_000);
    expect(thrown(() => decode(s)).code).toBe('INPUT_TOO_LONG');
    const { value: tc, pushes } = countPushes(() => decode(s, { maxLength: 2_000_000, maxIds: Infinity }));
    expect(tc.publisherRestrictions).toHaveLength(64);
    tc.publisherRestrictions.forEach((r, i) => {
      expect(r.purposeId).toBe((i % 63) + 1);
      expect(r.restrictionType).toBe(i % 3);
      expect(r.vendorIds.has(1)).toBe(true);
      expect(r.vendorIds.has(65535)).toBe(true);
      expect(r.vendorIds.size).toBe(65535);
      expect(runs(r.vendorIds)).toEqual([1, 65535]);
    });
    expect(pushes).toBeLessThanOrEqual(3 * 64 * 4095 + 1000);
  });

  it('overlapping, duplicated, nested and descending entries merge into one run', () => {
    const s = hostileOverlapping();
    const { value: tc, pushes } = countPushes(() => decode(s));
    for (const set of [tc.vendorConsents, tc.vendorLegitimateInterests, tc.publisherRestrictions[0]!.vendorIds]) {
      expect(runs(set)).toEqual([1, 65535]);
      expect(set.size).toBe(65535);
    }
    expect(pushes).toBeLessThanOrEqual(3 * 3 * 4095 + 100);
  });

  it('4,095 restrictions of one range [1, 65535] each (36 KB, under the default limit): 4,095 small sets', () => {
    const s = manyRestrictions(4095);
    expect(s.length).toBeLessThan(DECODE_DEFAULTS.maxLength);
    // 268 million ids: its JSON form would be gigabytes, so the default maxIds refuses it...
    const e = thrown(() => decode(s));
    expect(e).toMatchObject({ code: 'TOO_MANY_IDS', segment: 'core', field: 'publisherRestrictions[16].rangeEntries' });
    // ...and a caller who never serializes can raise it: decoding itself stays linear.
    const { value: tc, pushes } = countPushes(() => decode(s, { maxIds: Infinity }));
    expect(tc.publisherRestrictions).toHaveLength(4095);
    for (const r of tc.publisherRestrictions) expect(runs(r.vendorIds)).toEqual([1, 65535]);
    expect(tc.publisherRestrictions[4094]).toMatchObject({ purposeId: (4094 % 63) + 1, restrictionType: 4094 % 3 });
    expect(pushes).toBeLessThanOrEqual(4 * 4095 + 100);
  });

  it('4,095 descending singles come out sorted, one run each', () => {
    const ids = Array.from({ length: 4095 }, (_, i) => 65535 - 16 * i);
    const tc = decode(coreWithConsentEntries(ids.map((id): Entry => [id])));
    expect(tc.vendorConsents.size).toBe(4095);
    expect(runs(tc.vendorConsents)).toHaveLength(2 * 4095);
    expect(tc.vendorConsents.toArray()).toEqual(ids.slice().reverse());
  });

  it('work grows with the number of entries, the same per entry at every size', () => {
    const perEntry = [1, 16, 256, 4095].map((n) => {
      const s = hostileVendorRanges(n);
      const { pushes } = countPushes(() => decode(s));
      return { n, chars: s.length, pushes };
    });
    for (const { n, chars, pushes } of perEntry) {
      expect(pushes).toBeLessThanOrEqual(3 * n + 100);
      // And the input grows with n too: 33 bits an entry.
      expect(chars).toBeGreaterThanOrEqual((33 * n) / 6);
    }
  });

  it('bitfields are views into one buffer the size of the input, not copies', () => {
    const s = typicalString();
    expect(s.length).toBeGreaterThan(300);
    expect(s.length).toBeLessThan(360);
    const tc = decode(s);
    const views = [tc.vendorConsents, tc.vendorLegitimateInterests, tc.purposeConsents, tc.specialFeatureOptins, tc.publisherConsents];
    const stores = new Set(views.map(backing));
    expect(stores.size).toBe(1);
    const [store] = stores;
    if (store === null || store === undefined) throw new Error('bitfields should be views');
    expect(store.length).toBeLessThanOrEqual(s.length + 16);
    expect(tc.vendorConsents.size).toBeGreaterThan(300);
  });

  it('a 65,535-bit bitfield is one view too', () => {
    const w = coreHeader(new TestBits());
    w.push(65535, 16).push(0, 1);
    for (let i = 0; i < 65535; i++) w.bit(1);
    writeEmptyVector(w);
    w.push(0, 12);
    const s = w.toBase64url(24);
    const { value: tc, pushes } = countPushes(() => decode(s));
    expect(tc.vendorConsents.size).toBe(65535);
    expect(tc.vendorConsents.has(65535)).toBe(true);
    expect(backing(tc.vendorConsents)).not.toBeNull();
    expect(pushes).toBeLessThan(100);
  });
});

describe('input length limit', () => {
  it('has a documented default of 131,072 characters', () => {
    expect(DECODE_DEFAULTS.maxLength).toBe(131072);
  });

  it('refuses longer input with INPUT_TOO_LONG before reading a character', () => {
    // 131,073 characters that are all invalid: the limit is checked first.
    for (const lenient of [false, true]) {
      const e = thrown(() => decode('*'.repeat(131073), { lenient }));
      expect(e.code).toBe('INPUT_TOO_LONG');
      expect(e.message).toMatch(/131073/);
      expect(e.message).toMatch(/131072/);
    }
    expect(thrown(() => decode('C'.repeat(10_000_000))).code).toBe('INPUT_TOO_LONG');
  });

  it('accepts exactly the limit', () => {
    // 'C' then zero bits: version 2, every other field 0, empty vectors, no restrictions.
    const tc = decode('C' + 'A'.repeat(131071));
    expect(tc.version).toBe(2);
    expect(tc.vendorConsents.size).toBe(0);
  });

  it('takes a custom limit, counted on the raw input (lenient clean-up comes after)', () => {
    expect(thrown(() => decode(V1, { maxLength: V1.length - 1 })).code).toBe('INPUT_TOO_LONG');
    expect(decode(V1, { maxLength: V1.length }).cmpId).toBe(880);
    expect(thrown(() => decode(` ${V1}`, { lenient: true, maxLength: V1.length })).code).toBe('INPUT_TOO_LONG');
    expect(thrown(() => decode(V1, { maxLength: 0 })).code).toBe('INPUT_TOO_LONG');
    expect(thrown(() => decode('', { maxLength: 0 })).code).not.toBe('INPUT_TOO_LONG');
    expect(decode(hostileRestrictions(2, 10), { maxLength: Infinity }).publisherRestrictions).toHaveLength(2);
  });

  it.each([-1, NaN, '100', true, {}])('refuses maxLength %s with INVALID_INPUT', (maxLength) => {
    expect(thrown(() => decode(V1, { maxLength: maxLength as number })).code).toBe('INVALID_INPUT');
  });
});

describe('inputs of the wrong type', () => {
  const wrong: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['NaN', NaN],
    ['a boolean', true],
    ['a bigint', 10n],
    ['a symbol', Symbol('tc')],
    ['an object', {}],
    ['an object whose toString is a TC string', { toString: () => V1 }],
    ['an array', [V1]],
    ['a Buffer', Buffer.from(V1)],
    ['a Uint8Array', new Uint8Array(8)],
    ['a String object', new String(V1)],
    ['a Date', new Date(0)],
    ['a function', () => V1],
  ];
  it.each(wrong)('decode(%s) throws INVALID_INPUT', (_name, value) => {
    for (const lenient of [false, true]) {
      const e = thrown(() => decode(value as string, { lenient }));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(/string/);
    }
  });

  it.each([['lenient: "yes"', { lenient: 'yes' }], ['lenient: 1', { lenient: 1 }], ['maxLength: "9"', { maxLength: '9' }]] as [string, unknown][])(
    'decode with options %s throws INVALID_INPUT',
    (_name, options) => {
      expect(thrown(() => decode(V1, options as never)).code).toBe('INVALID_INPUT');
    },
  );

  // Options that are not an object are refused, not read as if empty (decode(s, 'lenient') once
  // decoded strictly without a word).
  it.each([['a string', 'lenient'], ['a number', 5], ['true', true]] as [string, unknown][])('decode with options %s throws INVALID_INPUT', (_name, options) => {
    expect(thrown(() => decode(V1, options as never)).code).toBe('INVALID_INPUT');
  });

  it.each([['null', null], ['a string', V1], ['an array', []], ['a number', 5], ['undefined', undefined]] as [string, unknown][])(
    'encode(%s) throws INVALID_VALUE',
    (_name, value) => {
      expect(thrown(() => encode(value as never)).code).toBe('INVALID_VALUE');
    },
  );

  it.each([['null', null], ['a string', 'reference'], ['vectorEncoding: "x"', { vectorEncoding: 'x' }], ['gvlVendorIds: a number', { gvlVendorIds: 5 }]] as [
    string,
    unknown,
  ][])('encode with options %s throws INVALID_VALUE', (_name, options) => {
    expect(thrown(() => encode(JSON.parse(BASE) as never, options as never)).code).toBe('INVALID_VALUE');
  });
});

const BASE = '{"created": "2025-06-03T00:00:00Z", "lastUpdated": "2025-06-03T00:00:00Z", "cmpId": 880}';
const BASE_ENCODED = encode(JSON.parse(BASE) as never);

/** encode of BASE with `json` (a JSON text) spliced in as more members, last so that they win. */
function encodeWith(json: string): string {
  return encode(JSON.parse(`${BASE.slice(0, -1)}, ${json}}`) as never);
}

describe('encode of untrusted JSON', () => {
  afterEach(() => checkNoPollution('encode'));

  it('ignores a "__proto__" key and pollutes nothing', () => {
    const model = JSON.parse(`{"__proto__": {"polluted": 1, "cmpId": 7, "vendorConsents": [5]}, ${BASE.slice(1)}`) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(model, '__proto__')).toBe(true);
    expect(encode(model as never)).toBe(BASE_ENCODED);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores "constructor" and "prototype" keys', () => {
    expect(encodeWith('"constructor": {"prototype": {"polluted": 1}}, "prototype": {"polluted": 1}')).toBe(BASE_ENCODED);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads only own properties: an inherited created, or restriction fields, are missing', () => {
    expect(thrown(() => encode(Object.create(JSON.parse(BASE) as object) as never)).field).toBe('created');
    const inherited = Object.create({ purposeId: 1, restrictionType: 0, vendorIds: [1] }) as object;
    const e = thrown(() => encode({ ...(JSON.parse(BASE) as object), publisherRestrictions: [inherited] } as never));
    expect(e).toMatchObject({ code: 'INVALID_VALUE', field: 'publisherRestrictions[0].purposeId' });
    const hidden = JSON.parse('{"__proto__": {"purposeId": 1, "restrictionType": 0, "vendorIds": [1]}}') as object;
    expect(thrown(() => encode({ ...(JSON.parse(BASE) as object), publisherRestrictions: [hidden] } as never)).field).toBe('publisherRestrictions[0].purposeId');
  });

  const INT_FIELDS = ['cmpId', 'cmpVersion', 'consentScreen', 'vendorListVersion', 'policyVersion', 'version', 'numCustomPurposes'];
  const BAD_NUMBERS = ['NaN', 'Infinity', '-Infinity', '-1', '1.5', '"5"', 'null', 'true', '[]', '{}', '[5]', '{"valueOf": 5}', '1e400', '9007199254740993'];
  const intCases = INT_FIELDS.flatMap((f) => BAD_NUMBERS.map((v) => [f, v] as const));
  it.each(intCases)('%s = %s: INVALID_VALUE naming the field', (field, text) => {
    const value = text === 'NaN' ? NaN : text === 'Infinity' ? Infinity : text === '-Infinity' ? -Infinity : (JSON.parse(text) as unknown);
    const e = thrown(() => encode({ ...(JSON.parse(BASE) as object), [field]: value } as never));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.field).toBe(field);
  });

  const OTHER: [string, unknown, string][] = [
    ['isServiceSpecific', 1, 'isServiceSpecific'],
    ['purposeOneTreatment', 'true', 'purposeOneTreatment'],
    ['useNonStandardTexts', null, 'useNonStandardTexts'],
    ['consentLanguage', 'E', 'consentLanguage'],
    ['consentLanguage', 'ENG', 'consentLanguage'],
    ['consentLanguage', 'É1', 'consentLanguage'],
    ['consentLanguage', ['EN'], 'consentLanguage'],
    ['publisherCountryCode', 5, 'publisherCountryCode'],
    ['created', 'garbage', 'created'],
    ['created', '', 'created'],
    ['created', 1748908800000, 'created'],
    ['created', null, 'created'],
    ['lastUpdated', '+275760-09-13T00:00:00.001Z', 'lastUpdated'],
    ['lastUpdated', '1969-12-31T23:59:59Z', 'lastUpdated'],
    ['lastUpdated', { iso: '2025-06-03' }, 'lastUpdated'],
    ['vendorConsents', [0], 'vendorConsents[0]'],
    ['vendorConsents', [1, -1], 'vendorConsents[1]'],
    ['vendorConsents', [1.5], 'vendorConsents[0]'],
    ['vendorConsents', ['5'], 'vendorConsents[0]'],
    ['vendorConsents', [NaN], 'vendorConsents[0]'],
    ['vendorConsents', [Infinity], 'vendorConsents[0]'],
    ['vendorConsents', [65536], 'vendorConsents[0]'],
    ['vendorConsents', [null], 'vendorConsents[0]'],
    ['vendorConsents', [[1]], 'vendorConsents[0]'],
    ['vendorConsents', [{}], 'vendorConsents[0]'],
    ['vendorConsents', 5, 'vendorConsents'],
    ['vendorConsents', '1,2', 'vendorConsents'],
    ['vendorConsents', { length: 2, 0: 1, 1: 2 }, 'vendorConsents'],
    ['vendorConsents', new String('12'), 'vendorConsents[0]'],
    ['vendorConsents', new Set([1, '2']), 'vendorConsents[1]'],
    ['purposeConsents', [25], 'purposeConsents[0]'],
    ['specialFeatureOptins', [13], 'specialFeatureOptins[0]'],
    ['publisherCustomConsents', [64], 'publisherCustomConsents[0]'],
    ['vendorsDisclosed', { 1: true }, 'vendorsDisclosed'],
    ['publisherRestrictions', {}, 'publisherRestrictions'],
    ['publisherRestrictions', [null], 'publisherRestrictions[0]'],
    ['publisherRestrictions', [{ purposeId: 0, restrictionType: 0, vendorIds: [] }], 'publisherRestrictions[0].purposeId'],
    ['publisherRestrictions', [{ purposeId: 64, restrictionType: 0, vendorIds: [] }], 'publisherRestrictions[0].purposeId'],
    ['publisherRestrictions', [{ purposeId: 1, restrictionType: 3, vendorIds: [] }], 'publisherRestrictions[0].restrictionType'],
    ['publisherRestrictions', [{ purposeId: 1, restrictionType: '1', vendorIds: [] }], 'publisherRestrictions[0].restrictionType'],
    ['publisherRestrictions', [{ purposeId: 1, restrictionType: 1, vendorIds: [0] }], 'publisherRestrictions[0].vendorIds[0]'],
    ['publisherRestrictions', [{ purposeId: 1, restrictionType: 1, vendorIds: 'all' }], 'publisherRestrictions[0].vendorIds'],
    ['segments', [], 'segments'],
    ['segments', 'core', 'segments'],
    ['segments', ['publisherTC'], 'segments[0]'],
    ['segments', ['core', 'core'], 'segments[1]'],
    ['segments', ['core', 'x'], 'segments[1]'],
    ['segments', ['core', null], 'segments[1]'],
    ['numCustomPurposes', 1, 'numCustomPurposes'],
  ];
  it.each(OTHER)('%s = %j: INVALID_VALUE at %s', (field, value, expected) => {
    const model: Record<string, unknown> = { ...(JSON.parse(BASE) as object), [field]: value };
    if (field === 'numCustomPurposes') model.publisherCustomConsents = [3];
    const e = thrown(() => encode(model as never));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.field).toBe(expected);
    expect(e.message.length).toBeGreaterThan(0);
  });

  it('sparse and huge arrays: a hole is a bad id, a huge length is refused before any work', () => {
    const sparse: unknown[] = [];
    sparse[1e6] = 1;
    expect(thrown(() => encode({ ...(JSON.parse(BASE) as object), vendorConsents: sparse } as never)).field).toBe('vendorConsents[0]');
    for (const field of ['vendorConsents', 'purposeConsents', 'publisherRestrictions', 'segments']) {
      const huge: unknown[] = [];
      huge.length = 2 ** 32 - 1;
      const e = thrown(() => encode({ ...(JSON.parse(BASE) as object), [field]: huge } as never));
      expect(e).toMatchObject({ code: 'INVALID_VALUE', field });
    }
    const restrictions: unknown[] = [];
    restrictions[4000] = { purposeId: 1, restrictionType: 0, vendorIds: [1] };
    expect(thrown(() => encode({ ...(JSON.parse(BASE) as object), publisherRestrictions: restrictions } as never)).field).toBe('publisherRestrictions[0]');
  });

  it('an endless iterable is cut off with INVALID_VALUE', () => {
    const endless = {
      *[Symbol.iterator]() {
        for (;;) yield 1;
      },
    };
    expect(thrown(() => encode({ ...(JSON.parse(BASE) as object), vendorConsents: endless } as never))).toMatchObject({ code: 'INVALID_VALUE', field: 'vendorConsents' });
  });

  it('nested garbage from JSON.parse', () => {
    const garbage = '{"a": [1, {"b": [null, {"__proto__": {"polluted": 1}}]}], "constructor": {"prototype": {}}}';
    for (const field of ['cmpId', 'vendorConsents', 'publisherRestrictions', 'segments', 'created', 'consentLanguage']) {
      const e = thrown(() => encodeWith(`"${field}": ${garbage}`));
      expect(e.code).toBe('INVALID_VALUE');
      expect(e.field?.startsWith(field)).toBe(true);
    }
  });

  it('getters: the value they return is checked like any other', () => {
    const model = JSON.parse(BASE) as Record<string, unknown>;
    let reads = 0;
    Object.defineProperty(model, 'cmpVersion', {
      enumerable: true,
      get() {
        reads++;
        return '7';
      },
    });
    expect(thrown(() => encode(model as never))).toMatchObject({ code: 'INVALID_VALUE', field: 'cmpVersion' });
    expect(reads).toBeGreaterThan(0);
    const good = JSON.parse(BASE) as Record<string, unknown>;
    Object.defineProperty(good, 'vendorConsents', { enumerable: true, get: () => [1, 2, 3] });
    expect(decode(encode(good as never)).vendorConsents.toArray()).toEqual([1, 2, 3]);
  });

  it("a getter that throws: the caller's own error comes out unchanged (it is not an engine error)", () => {
    const mine = new Error('from the getter');
    const model = JSON.parse(BASE) as Record<string, unknown>;
    Object.defineProperty(model, 'cmpId', {
      enumerable: true,
      get() {
        throw mine;
      },
    });
    expect(() => encode(model as never)).toThrow(mine);
  });

  // Fixed: encode once read `segments` without the own-property check of every other field, so
  // an Object.prototype polluted elsewhere changed what it wrote.
  it('ignores an inherited "segments" (Object.prototype polluted elsewhere)', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.segments = ['core'];
    let out: string;
    try {
      out = encode(JSON.parse(BASE) as never);
    } finally {
      delete proto.segments;
    }
    expect(out).toBe(BASE_ENCODED);
  });
});

describe('encode of hostile non-JSON objects', () => {
  const base = () => JSON.parse(BASE) as Record<string, unknown>;

  // Fixed: an iterable whose iterator is not an object escapes as a TypeError
  // ("Result of the Symbol.iterator method is not an object").
  it('an iterator method returning a non-object is INVALID_VALUE', () => {
    expect(thrown(() => encode({ ...base(), vendorConsents: { [Symbol.iterator]: () => 5 } } as never)).field).toBe('vendorConsents');
  });

  // Fixed: an iterator without next() escapes as a TypeError ("undefined is not a function").
  it('an iterator without next() is INVALID_VALUE', () => {
    expect(thrown(() => encode({ ...base(), vendorConsents: { [Symbol.iterator]: () => ({}) } } as never)).field).toBe('vendorConsents');
  });

  // Fixed: an object that inherits from Date.prototype but is not a Date passes `instanceof Date`,
  // then getTime() throws a TypeError ("this is not a Date object.").
  it('a fake Date is INVALID_VALUE', () => {
    expect(thrown(() => encode({ ...base(), created: Object.create(Date.prototype) } as never)).field).toBe('created');
  });

  // Fixed: an object that inherits from IdSet.prototype passes `instanceof IdSet`, then its missing
  // internals throw a TypeError.
  it('a fake IdSet is INVALID_VALUE', () => {
    expect(thrown(() => encode({ ...base(), vendorConsents: Object.create(IdSet.prototype) } as never)).field).toBe('vendorConsents');
  });

  // Fixed (review): a set forged in JSON with the internal fields of a bitfield but no methods
  // passed the structural check, then `v.forEachRun` was a TypeError.
  it("an IdSet's fields without its methods are read as the set they describe, or refused", () => {
    const fields = { _runs: null, _src: 'gAAA', _offset: 0, _bits: 6, _maxVendorId: -1, _rangeEncoding: -1 };
    const forged = JSON.parse(JSON.stringify(fields)) as unknown;
    const real = new IdSet('gAAA', 0, 6, null);
    expect(real.toArray()).toEqual([1]);
    expect(encode({ ...base(), vendorConsents: forged } as never)).toBe(encode({ ...base(), vendorConsents: real } as never));
    expect(decode(encode({ ...base(), vendorConsents: forged } as never)).vendorConsents.toArray()).toEqual([1]);
    for (const bad of [{ _bits: 25 }, { _offset: -1 }, { _src: 42 }, { _runs: [3, 1], _src: null }]) {
      expect(thrown(() => encode({ ...base(), vendorConsents: { ...fields, ...bad } } as never))).toMatchObject({ code: 'INVALID_VALUE', field: 'vendorConsents' });
    }
  });

  it('a Proxy model whose traps return garbage is INVALID_VALUE', () => {
    const model = new Proxy(base(), { get: (t, k) => (k === 'cmpId' ? -5 : Reflect.get(t, k)) });
    expect(thrown(() => encode(model as never))).toMatchObject({ code: 'INVALID_VALUE', field: 'cmpId' });
  });
});

describe('determinism', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const inputs = [...SEED_VECTORS, typicalString(), hostileOverlapping(64)];

  it('the same input gives the same result', () => {
    for (const s of inputs) {
      for (const lenient of [false, true]) {
        let first: string;
        try {
          first = canonical(decode(s, { lenient }));
        } catch (e) {
          const again = thrown(() => decode(s, { lenient }));
          expect(again.code).toBe((e as TCStringError).code);
          expect(again.message).toBe((e as TCStringError).message);
          continue;
        }
        expect(canonical(decode(s, { lenient }))).toBe(first);
        expect(encode(decode(s, { lenient }))).toBe(encode(decode(s, { lenient })));
      }
    }
  });

  it('decoding never reads the clock', () => {
    const before = inputs.map((s) => outcome(() => decode(s)));
    const now = vi.spyOn(Date, 'now');
    const perf = vi.spyOn(performance, 'now');
    // A Date that throws when asked for the current time; dates from a value are allowed.
    const RealDate = Date;
    class NoClockDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) throw new Error('decode read the clock (new Date())');
        super(...(args as [number]));
      }
      static override now(): number {
        throw new Error('decode read the clock (Date.now())');
      }
    }
    vi.stubGlobal('Date', NoClockDate);
    const during = inputs.map((s) => outcome(() => decode(s)));
    const encoded = inputs.map((s) => outcome(() => encode(decode(s))));
    vi.unstubAllGlobals();
    expect(now).not.toHaveBeenCalled();
    expect(perf).not.toHaveBeenCalled();
    expect(during).toEqual(before);
    expect(encoded).toEqual(inputs.map((s) => outcome(() => encode(decode(s)))));
  });

  it('decoding gives the same result whatever the system time', () => {
    const before = inputs.map((s) => outcome(() => decode(s)));
    for (const when of ['1970-01-01T00:00:00Z', '2099-12-31T23:59:59Z', '2187-01-01T00:00:00Z']) {
      vi.useFakeTimers({ now: new Date(when) });
      expect(inputs.map((s) => outcome(() => decode(s)))).toEqual(before);
      vi.useRealTimers();
    }
  });
});

/** A comparable outcome of a call: the model's canonical text or the error's code and message. */
function outcome(f: () => TCModel | string): string {
  try {
    const v = f();
    return typeof v === 'string' ? v : canonical(v);
  } catch (e) {
    return isTCStringError(e) ? `${e.code}: ${e.message}` : `ENGINE ERROR ${String(e)}`;
  }
}

describe('never an engine error', () => {
  const strings: [string, string][] = [
    ['empty', ''],
    ['a dot', '.'],
    ['10,000 dots', '.'.repeat(10_000)],
    ['a core and 10,000 empty segments', V1_CORE + '.'.repeat(10_000)],
    ['4,000 copies of a segment', V1_CORE + '.IAAA'.repeat(4000)],
    ['1,000 Cs', 'C'.repeat(1000)],
    ['a lone surrogate', 'C\ud800AAA'],
    ['NUL', 'C\u0000'],
    ['an emoji', '😀'],
    ['a fullwidth C', '\uff23AAAA'],
    ['letters above 127 that fold onto base64url', 'C' + String.fromCharCode(0x80 + 65).repeat(50)],
    ['the largest valid input', 'C' + 'A'.repeat(131071)],
    ['the 22 KB range case', hostileVendorRanges()],
    ['overlapping ranges', hostileOverlapping()],
    ['whitespace around', `  ${V1}\n`],
    ['= padding', `${V1_CORE}==.IAAA=`],
    ['standard base64', V1.replace(/_/g, '/').replace(/-/g, '+')],
    ['only =', '='.repeat(1000)],
    ['only whitespace', ' \t\n'.repeat(100)],
    ['an unknown segment type', `${V1_CORE}.gAAA`],
    ['a v1 string', 'BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA'],
    ['a GPP string', 'DBABMA~CPSG_8APSG_8ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA'],
    ['a URL-encoded string', encodeURIComponent(V1 + '==')],
  ];
  it.each(strings)('%s: strict and lenient decode answer with a model or a TCStringError, and the model re-encodes', (_name, s) => {
    checkDecodeString(s);
  });

  // Fixed: in lenient mode, charIndex pointed into the cleaned-up text (trimmed, `=` removed), not
  // into the caller's input: here the '*' is at index 47 of the input, the error says 45.
  it('lenient errors give charIndex in the caller\'s input', () => {
    const input = `  ${V1_CORE}.I*`;
    const e = thrown(() => decode(input, { lenient: true }));
    expect(e.code).toBe('INVALID_CHARACTER');
    expect(input[e.charIndex!]).toBe('*');
  });
});

/** A core built bit by bit: `edit` writes what follows the 213 fixed bits. */
function coreWith(edit: (w: TestBits) => void, header: (w: TestBits) => TestBits = coreHeader): string {
  const w = header(new TestBits());
  edit(w);
  return w.toBase64url(24);
}

// decode sizes its range and restriction lists once, from their counts; lenient decoding drops
// what names nothing, and must leave no holes behind (a hole would read as vendor "undefined").
describe('lenient decoding: dropped entries leave packed lists', () => {
  it('range entries that name no vendor are dropped from the middle and the end of a vector', () => {
    const s = coreWithConsentEntries([[3], [8, 3], [20], [0], [30, 31], [9, 2]]);
    const set = decode(s, { lenient: true }).vendorConsents;
    expect(runs(set)).toEqual([3, 3, 20, 20, 30, 31]);
    expect(runs(set)!.length).toBe(6);
    expect(set.toArray()).toEqual([3, 20, 30, 31]);
  });

  it('restrictions without a valid purpose or type are dropped, and the list has no holes', () => {
    const s = coreWith((w) => {
      writeEmptyVector(w);
      writeEmptyVector(w);
      w.push(4, 12);
      for (const [purposeId, type] of [[1, 0], [0, 1], [2, 3], [3, 1]] as const) {
        w.push(purposeId, 6).push(type, 2);
        writeEntries(w, [[5]]);
      }
    });
    const list = decode(s, { lenient: true }).publisherRestrictions;
    expect(list.map((r) => [r.purposeId, r.restrictionType])).toEqual([[1, 0], [3, 1]]);
    expect(list.length).toBe(2);
  });
});

describe('one error family: every code of the union has an input that triggers it', () => {
  const emptyVectors = (w: TestBits) => {
    writeEmptyVector(w);
    writeEmptyVector(w);
  };
  /** A core with empty vendor vectors and one restriction of vendor 5. */
  const oneRestriction = (purposeId: number, restrictionType: number) =>
    coreWith((w) => {
      emptyVectors(w);
      w.push(1, 12).push(purposeId, 6).push(restrictionType, 2);
      writeEntries(w, [[5]]);
    });
  const triggers: [string, () => unknown][] = [
    ['INVALID_INPUT', () => decode(null as never)],
    ['INPUT_TOO_LONG', () => decode('C'.repeat(131073))],
    ['INVALID_CHARACTER', () => decode(`${V1_CORE}.I*AA`)],
    ['EMPTY_SEGMENT', () => decode(`${V1_CORE}..IAAA`)],
    ['MISSING_CORE', () => decode('IAAA')],
    ['UNSUPPORTED_VERSION', () => decode('D' + V1_CORE.slice(1))],
    ['TCF_V1_UNSUPPORTED', () => decode('BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA')],
    ['UNKNOWN_SEGMENT_TYPE', () => decode(`${V1_CORE}.gAAA`)],
    ['DUPLICATE_SEGMENT', () => decode(`${V1_CORE}.IAAA.IAAA`)],
    ['UNEXPECTED_END', () => decode(V1_CORE.slice(0, 30))],
    ['INVALID_RANGE', () => decode(coreWithConsentEntries([[0]]))],
    ['INVALID_RESTRICTION_TYPE', () => decode(oneRestriction(2, 3))],
    ['INVALID_PURPOSE_ID', () => decode(oneRestriction(0, 1))],
    [
      'INVALID_LETTER',
      () =>
        decode(
          coreWith(
            (w) => {
              emptyVectors(w);
              w.push(0, 12);
            },
            // The header with ConsentLanguage 'E' + value 26 (one past Z).
            (w) => {
              coreHeader(w);
              const bits = new TestBits();
              for (let i = 0; i < 213; i++) bits.bit(i >= 114 && i < 120 ? (26 >> (119 - i)) & 1 : w.at(i));
              return bits;
            },
          ),
        ),
    ],
    ['TOO_MANY_IDS', () => decode(manyRestrictions(20), { maxIds: 19 * 65535 })],
    ['INVALID_VALUE', () => encode({} as never)],
  ];

  it('covers the whole union', () => {
    expect(triggers.map(([code]) => code).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each(triggers)('%s', (code, f) => {
    const e = thrown(f);
    checkErrorShape(e, code, null);
    expect(e.code).toBe(code);
  });
});
