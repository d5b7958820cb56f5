/**
 * Property tests of the public API: model round trips, lossless string round trips (including
 * hand-built strings whose layout the encoder would never choose), fuzzing of decode, and the
 * bitfield-or-range rules. Expected values come from the generated inputs, the format notes
 * (shared/tcf-format.md) or a test-only bit reader/writer, never from the library's own output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, isTCStringError, TCStringError, type TCModel, type TCModelInput } from '../src/index.js';
import {
  bitsOf,
  canonical,
  canonicalStringArb,
  canonicalStringWithModelArb,
  CORE_MIDDLE_ARBS,
  CORE_VENDOR_CONSENTS_AT,
  decisecondsArb,
  lettersArb,
  modelArb,
  presentationArb,
  range,
  readVectorAt,
  runsOf,
  TestBits,
  vendorIdsArb,
  writeCoreFixed,
  type CoreFixed,
  type ParsedVector,
} from './arbitraries.js';
import { ID_SET_FIELDS } from './fields.js';
import { ERROR_CODES } from './fuzz-properties.js';

/** JSON form of a decoded model, as a plain value to compare. */
function json(tc: TCModel): unknown {
  return JSON.parse(JSON.stringify(tc));
}

const T0 = new Date(0);

/** The IdSet API agrees with the expected ids: has (members, neighbours, non-ids), size, max, iteration. */
function checkIdSet(set: TCModel['vendorConsents'], ids: readonly number[]): void {
  // Compared as JSON text: vitest's deep equality is slow on arrays of thousands of ids.
  const max = ids[ids.length - 1] ?? 0;
  expect(JSON.stringify([set.toArray(), set.toJSON(), [...set], set.size, set.max])).toBe(JSON.stringify([ids, ids, ids, ids.length, max]));
  // Plain comparisons first, one expect at the end: expect() per id is far too slow here.
  const members = new Set(ids);
  const wrong: number[] = [];
  const probe = (id: number, want: boolean) => {
    if (set.has(id) !== want) wrong.push(id);
  };
  for (const id of ids.slice(0, 50)) {
    probe(id, true);
    probe(id + 1, members.has(id + 1));
    probe(id - 1, members.has(id - 1));
    probe(id + 0.5, false);
  }
  for (const other of [0, -1, 65536, NaN, Infinity, max + 1]) probe(other, false);
  expect(wrong).toEqual([]);
}

// ------------------------------------------------------------------------------------------
// (a) decode(encode(m)) is m

describe('model round trip', () => {
  it('decode(encode(m)) equals m in canonical JSON form', () => {
    fc.assert(
      fc.property(modelArb(), (m) => {
        const s = encode(m as TCModelInput);
        const d = decode(s);
        expect(Object.isFrozen(d)).toBe(true);
        const c = canonical(m);
        expect(json(d)).toEqual(c);
        for (const key of ID_SET_FIELDS) checkIdSet(d[key], c[key] as number[]);
        d.publisherRestrictions.forEach((r, i) => checkIdSet(r.vendorIds, (c.publisherRestrictions as { vendorIds: number[] }[])[i]!.vendorIds));
      }),
      { numRuns: 1500 },
    );
  });

  it('the same through the JSON form: decode(encode(JSON.parse(JSON.stringify(decode(s)))))', () => {
    fc.assert(
      fc.property(modelArb(), (m) => {
        const s = encode(m as TCModelInput);
        const viaJson = JSON.parse(JSON.stringify(decode(s))) as TCModelInput;
        const s2 = encode(viaJson);
        expect(json(decode(s2))).toEqual(canonical(m));
        // Neither the hand-built model nor its JSON form carries a layout: both use the reference rule.
        expect(s2).toBe(s);
      }),
      { numRuns: 800 },
    );
  });

  it('every input form (ISO dates, shuffled ids with duplicates, Sets, lowercase letters) encodes the same', () => {
    const arb = modelArb().chain((m) => presentationArb(m).map((input) => ({ m, input })));
    fc.assert(
      fc.property(arb, ({ m, input }) => {
        const s = encode(input);
        expect(s).toBe(encode(m as TCModelInput));
        expect(json(decode(s))).toEqual(canonical(m));
      }),
      { numRuns: 500 },
    );
  });
});

// ------------------------------------------------------------------------------------------
// (b) encode(decode(s)) === s

/** Random fixed core fields for hand-built strings. */
const coreFixedArb: fc.Arbitrary<CoreFixed> = fc.record({
  version: fc.constant(2),
  createdDs: decisecondsArb,
  lastUpdatedDs: decisecondsArb,
  cmpId: fc.integer({ min: 0, max: 4095 }),
  cmpVersion: fc.integer({ min: 0, max: 4095 }),
  consentScreen: fc.integer({ min: 0, max: 63 }),
  consentLanguage: lettersArb(false),
  ...CORE_MIDDLE_ARBS,
  publisherCountryCode: lettersArb(false),
});

/**
 * A vendor vector laid out by hand: a form the encoder may not pick, and a MaxVendorId that may
 * exceed the largest id (trailing zero bits in a bitfield, or a larger declared max for ranges).
 */
interface HandVector {
  ids: number[];
  maxVendorId: number;
  form: 'bitfield' | 'range';
}

const handVectorArb: fc.Arbitrary<HandVector> = fc
  .record({
    ids: vendorIdsArb,
    extra: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 3000 })),
    form: fc.constantFrom<'bitfield' | 'range'>('bitfield', 'range'),
  })
  .map(({ ids, extra, form }) => ({ ids, form, maxVendorId: Math.min(65535, (ids[ids.length - 1] ?? 0) + extra) }));

function writeHandVector(w: TestBits, v: HandVector): void {
  w.int(v.maxVendorId, 16).bool(v.form === 'range');
  if (v.form === 'range') w.entries(runsOf(v.ids));
  else w.flags(v.ids, v.maxVendorId);
}

describe('lossless string round trip', () => {
  it("encode(decode(s)) === s for canonical strings in the 'auto', 'reference' and 'shortest' layouts", () => {
    fc.assert(
      fc.property(canonicalStringWithModelArb, ({ s, model }) => {
        expect(s.split('.').every((seg) => (seg.length * 6) % 24 === 0)).toBe(true);
        const d = decode(s);
        expect(encode(d)).toBe(s);
        expect(json(d)).toEqual(canonical(model));
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps a hand-built layout: MaxVendorId above the largest id, and either form', () => {
    const arb = fc.record({
      core: coreFixedArb,
      consents: handVectorArb,
      lis: handVectorArb,
      disclosed: fc.option(handVectorArb, { nil: undefined }),
      allowed: fc.option(handVectorArb, { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, ({ core, consents, lis, disclosed, allowed }) => {
        const w = writeCoreFixed(new TestBits(), core);
        writeHandVector(w, consents);
        writeHandVector(w, lis);
        w.int(0, 12);
        const parts = [w.toBase64Url()];
        if (disclosed) {
          const dw = new TestBits().int(1, 3);
          writeHandVector(dw, disclosed);
          parts.push(dw.toBase64Url());
        }
        if (allowed) {
          const aw = new TestBits().int(2, 3);
          writeHandVector(aw, allowed);
          parts.push(aw.toBase64Url());
        }
        const s = parts.join('.');

        const d = decode(s);
        expect(d.vendorConsents.toArray()).toEqual(consents.ids);
        expect(d.vendorLegitimateInterests.toArray()).toEqual(lis.ids);
        expect(d.vendorsDisclosed.toArray()).toEqual(disclosed?.ids ?? []);
        expect(d.vendorsAllowed.toArray()).toEqual(allowed?.ids ?? []);
        expect(d.cmpId).toBe(core.cmpId);
        expect(d.created.getTime()).toBe(core.createdDs * 100);
        expect(d.purposeLegitimateInterests.toArray()).toEqual(core.purposeLegitimateInterests);

        expect(encode(d)).toBe(s);
        // The JSON form carries no layout; it still encodes the same ids.
        const again = decode(encode(json(d) as TCModelInput));
        expect(again.vendorConsents.toArray()).toEqual(consents.ids);
        expect(again.vendorsDisclosed.toArray()).toEqual(disclosed?.ids ?? []);
      }),
      { numRuns: 300 },
    );
  });

  it('fixed examples: trailing bitfield zeros and an over-large range MaxVendorId survive', () => {
    const core = writeCoreFixed(new TestBits(), {
      version: 2,
      createdDs: 17_489_088_000,
      lastUpdatedDs: 17_489_088_000,
      cmpId: 7,
      cmpVersion: 1,
      consentScreen: 0,
      consentLanguage: 'EN',
      vendorListVersion: 3,
      policyVersion: 5,
      isServiceSpecific: true,
      useNonStandardTexts: false,
      specialFeatureOptins: [],
      purposeConsents: [],
      purposeLegitimateInterests: [],
      purposeOneTreatment: false,
      publisherCountryCode: 'AA',
    });
    // Consents {2,5} as a 12-bit bitfield; LI as a range with MaxVendorId 1524 and one id 14
    // (the shape of §11 V3's LI section); no restrictions.
    core.int(12, 16).bool(false).flags([2, 5], 12);
    core.int(1524, 16).bool(true).entries([[14, 14]]);
    core.int(0, 12);
    const s = core.toBase64Url();
    const d = decode(s);
    expect(d.vendorConsents.toArray()).toEqual([2, 5]);
    expect(d.vendorLegitimateInterests.toArray()).toEqual([14]);
    expect(encode(d)).toBe(s);
    // Written afresh, the reference rule uses MaxVendorId = 5 and 14 with bitfields.
    const fresh = bitsOf(encode(json(d) as TCModelInput).split('.')[0]!);
    const v1 = readVectorAt(fresh, CORE_VENDOR_CONSENTS_AT);
    expect(v1).toEqual({ maxVendorId: 5, form: 'bitfield', ids: [2, 5], bitLength: 22 });
    expect(readVectorAt(fresh, CORE_VENDOR_CONSENTS_AT + v1.bitLength)).toEqual({ maxVendorId: 14, form: 'bitfield', ids: [14], bitLength: 31 });
  });
});

// ------------------------------------------------------------------------------------------
// (c) decode never throws anything but a TCStringError

function expectOurError(error: unknown): void {
  if (!isTCStringError(error)) throw new Error(`not a TCStringError: ${String(error)}`, { cause: error });
  expect(error).toBeInstanceOf(TCStringError);
  expect(ERROR_CODES).toContain(error.code);
  expect(typeof error.message).toBe('string');
}

/** decode returns a value or throws a TCStringError, in strict and lenient mode. */
function checkDecode(input: unknown): void {
  let strict: TCModel | undefined;
  try {
    strict = decode(input as string);
  } catch (error) {
    expectOurError(error);
  }
  let lenient: TCModel | undefined;
  try {
    lenient = decode(input as string, { lenient: true });
  } catch (error) {
    expectOurError(error);
  }
  if (strict !== undefined) {
    // Lenient mode only widens what is accepted; it never reads a valid string differently.
    expect(lenient).toBeDefined();
    expect(json(lenient!)).toEqual(json(strict));
    // What strict decoding accepts can be written back and reads the same.
    expect(json(decode(encode(strict)))).toEqual(json(strict));
  }
  if (lenient !== undefined) {
    expect(Object.isFrozen(lenient)).toBe(true);
    try {
      encode(lenient);
    } catch (error) {
      expectOurError(error);
    }
  }
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('decode fuzzing', () => {
  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 80 })), checkDecode), { numRuns: 1000 });
  });

  it('base64url-alphabet strings with dots (and a few near-alphabet characters)', () => {
    const unit = fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom(...B64URL) },
      { weight: 3, arbitrary: fc.constant('.') },
      { weight: 1, arbitrary: fc.constantFrom('=', '+', '/', ' ', '\n', '\u00e9') },
    );
    const arb = fc.oneof(
      fc.string({ unit, maxLength: 200 }),
      // Start like a v2 core so decoding gets past the first character.
      fc.string({ unit, minLength: 30, maxLength: 200 }).map((s) => 'C' + s),
    );
    fc.assert(fc.property(arb, checkDecode), { numRuns: 2000 });
  });

  it('random bytes as base64url, alone and behind a valid prefix', () => {
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map(b64),
      fc.uint8Array({ minLength: 20, maxLength: 200 }).map((b) => 'C' + b64(b)),
      fc.tuple(fc.uint8Array({ minLength: 25, maxLength: 120 }), fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 3 })).map(
        ([core, rest]) => ['C' + b64(core), ...rest.map(b64)].join('.'),
      ),
    );
    fc.assert(fc.property(arb, checkDecode), { numRuns: 2000 });
  });

  it('mutated canonical strings: truncated, a character replaced, segments dropped or repeated', () => {
    const arb = fc
      .tuple(canonicalStringArb, fc.nat(), fc.constantFrom(...B64URL, '.'), fc.constantFrom('truncate', 'replace', 'insert', 'dupSegment', 'dropSegment'))
      .map(([s, n, ch, op]) => {
        const i = n % (s.length + 1);
        const segs = s.split('.');
        const k = n % segs.length;
        switch (op) {
          case 'truncate':
            return s.slice(0, i);
          case 'replace':
            return s.slice(0, i) + ch + s.slice(i + 1);
          case 'insert':
            return s.slice(0, i) + ch + s.slice(i);
          case 'dupSegment':
            return [...segs, segs[k]!].join('.');
          default:
            return segs.filter((_x, j) => j !== k).join('.');
        }
      });
    fc.assert(fc.property(arb, checkDecode), { numRuns: 1500 });
  });

  it('non-string input and bad options', () => {
    fc.assert(fc.property(fc.anything(), checkDecode), { numRuns: 300 });
    fc.assert(
      fc.property(canonicalStringArb, fc.anything(), (s, options) => {
        try {
          decode(s, options as never);
        } catch (error) {
          expectOurError(error);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------------------------------
// (d), (e) bitfield or range

/** The three vendor vectors of a core + DisclosedVendors string, read with the test reader. */
function vectorsOf(s: string): ParsedVector[] {
  const [core, disclosed] = s.split('.');
  const bits = bitsOf(core!);
  const consents = readVectorAt(bits, CORE_VENDOR_CONSENTS_AT);
  const lis = readVectorAt(bits, CORE_VENDOR_CONSENTS_AT + consents.bitLength);
  return [consents, lis, readVectorAt(bitsOf(disclosed!), 3)];
}

/** Exact bits of each form for a sorted unique set (§4). */
function formLengths(ids: readonly number[]): { bitfield: number; range: number } {
  const max = ids[ids.length - 1] ?? 0;
  const entries = runsOf(ids).reduce((n, [s, e]) => n + (s === e ? 17 : 33), 0);
  return { bitfield: 17 + max, range: 17 + 12 + entries };
}

/** §5.1's pseudo-code of the reference's choice, transcribed literally (it walks every id). */
function referenceChoice(ids: readonly number[]): 'bitfield' | 'range' {
  const set = new Set(ids);
  const M = ids[ids.length - 1] ?? 0;
  const bitFieldLength = 17 + M;
  let rangeLength = 17 + 12;
  let rangeIsSmaller = false;
  let cur = 0; // 0: no open run
  for (let i = 1; i <= M; i++) {
    rangeIsSmaller = M > 45 && rangeLength < bitFieldLength;
    if (rangeIsSmaller && set.has(i)) {
      if (!set.has(i + 1)) {
        rangeLength += 16;
        cur = 0;
      } else if (cur === 0) {
        cur = i;
        rangeLength += 1 + 16;
      }
    }
  }
  return rangeIsSmaller ? 'range' : 'bitfield';
}

describe('bitfield or range', () => {
  it("'shortest' is never longer than 'reference', is the exact minimum, and both read the same", () => {
    const arb = fc.tuple(vendorIdsArb, vendorIdsArb, vendorIdsArb);
    fc.assert(
      fc.property(arb, ([a, b, c]) => {
        const model = { created: T0, lastUpdated: T0, vendorConsents: a, vendorLegitimateInterests: b, vendorsDisclosed: c };
        const segments = ['core', 'vendorsDisclosed'] as const;
        const ref = encode(model, { segments, vectorEncoding: 'reference' });
        const short = encode(model, { segments, vectorEncoding: 'shortest' });
        expect(short.length).toBeLessThanOrEqual(ref.length);
        const rv = vectorsOf(ref);
        const sv = vectorsOf(short);
        [a, b, c].forEach((ids, k) => {
          const r = rv[k]!;
          const sh = sv[k]!;
          const max = ids[ids.length - 1] ?? 0;
          expect(r.ids).toEqual(ids);
          expect(sh.ids).toEqual(ids);
          expect(r.maxVendorId).toBe(max);
          expect(sh.maxVendorId).toBe(max);
          expect(sh.bitLength).toBeLessThanOrEqual(r.bitLength);
          const { bitfield, range: rangeBits } = formLengths(ids);
          // Range only when strictly shorter (ties go to the bitfield).
          expect(sh.form).toBe(rangeBits < bitfield ? 'range' : 'bitfield');
          expect(sh.bitLength).toBe(Math.min(bitfield, rangeBits));
        });
        const dr = decode(ref);
        const ds = decode(short);
        for (const key of ['vendorConsents', 'vendorLegitimateInterests', 'vendorsDisclosed'] as const) {
          expect(ds[key].toArray()).toEqual(dr[key].toArray());
        }
      }),
      { numRuns: 800 },
    );
  });

  it("'reference' follows §5.1's pseudo-code for every set", () => {
    fc.assert(
      fc.property(vendorIdsArb, (ids) => {
        const s = encode({ created: T0, lastUpdated: T0, vendorConsents: ids }, { segments: ['core'], vectorEncoding: 'reference' });
        const v = readVectorAt(bitsOf(s), CORE_VENDOR_CONSENTS_AT);
        const form = referenceChoice(ids);
        expect(v.form).toBe(form);
        expect(v.bitLength).toBe(formLengths(ids)[form]);
        expect(v.ids).toEqual(ids);
      }),
      { numRuns: 1000 },
    );
  });

  // shared/tcf-format.md §5.1, "Verified outputs" (all ids listed are set).
  const TABLE: [string, number[], 'bitfield' | 'range', number][] = [
    ['[]', [], 'bitfield', 17],
    ['[1,2,3,4]', [1, 2, 3, 4], 'bitfield', 21],
    ['[28]', [28], 'bitfield', 45],
    ['[29]', [29], 'bitfield', 46],
    ['[46]', [46], 'range', 46],
    ['1..45 (tie goes to the bitfield)', range(1, 45), 'bitfield', 62],
    ['1..46', range(1, 46), 'range', 62],
    ['1..48 without 24', range(1, 48).filter((x) => x !== 24), 'bitfield', 65],
    ['[12,14,435,448]', [12, 14, 435, 448], 'range', 97],
    ['[1..5,100,404]', [1, 2, 3, 4, 5, 100, 404], 'range', 96],
    ['{10,20,30,40,50,100} (the longer form)', [10, 20, 30, 40, 50, 100], 'range', 131],
    ['{10,20,30,40,50,60,100}', [10, 20, 30, 40, 50, 60, 100], 'bitfield', 117],
  ];
  it.each(TABLE)("§5.1 table: 'reference' encodes %s as %s, %i bits", (_name, ids, form, bits) => {
    for (const field of ['vendorConsents', 'vendorsDisclosed'] as const) {
      const s = encode({ created: T0, lastUpdated: T0, [field]: ids }, { segments: ['core', 'vendorsDisclosed'], vectorEncoding: 'reference' });
      const v = vectorsOf(s)[field === 'vendorConsents' ? 0 : 2]!;
      expect(v).toEqual({ maxVendorId: ids[ids.length - 1] ?? 0, form, ids, bitLength: bits });
      // 'auto' on a hand-built model is the reference rule too.
      expect(encode({ created: T0, lastUpdated: T0, [field]: ids }, { segments: ['core', 'vendorsDisclosed'] })).toBe(s);
    }
  });
});
