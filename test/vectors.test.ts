import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TCModel as ReferenceModel, TCString as ReferenceTCString } from '@iabtechlabtcf/core';
import { describe, expect, it } from 'vitest';
import { decode, encode, isTCStringError } from '../src/index.js';
import { ID_SET_FIELDS, SCALAR_FIELDS } from './fields.js';

// Fixed vectors from spec/vectors/*.json (format: spec/json-form.md, "Vectors files"). Each string is
// decoded strictly and compared with the values its source states; positive vectors are also
// cross-checked against the reference decoder (@iabtechlabtcf/core) and, where the file gives a
// `layout`, against a small bit reader written here from the spec alone.

interface Vector {
  name: string;
  source: string;
  string: string;
  expected?: Record<string, unknown>;
  error?: Record<string, unknown>;
  lenient?: { expected?: Record<string, unknown>; error?: Record<string, unknown> };
  layout?: Record<string, unknown>;
  referenceThrows?: boolean;
  roundTrip: boolean;
}

/** Vectors per file. A missing, extra or truncated file fails here first. */
const EXPECTED_COUNTS: Record<string, number> = {
  'iabgpp-es.json': 9,
  'iabtcf-es.json': 5,
  'iabtcf-java.json': 12,
  'negative.json': 9,
  'spec-examples.json': 5,
};

const dir = fileURLToPath(new URL('../spec/vectors/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const loaded = files.map((file) => {
  const content = JSON.parse(readFileSync(dir + file, 'utf8')) as { description: string; vectors: Vector[] };
  return { file, vectors: content.vectors };
});
const all = loaded.flatMap(({ file, vectors }) => vectors.map((v) => ({ file, v })));

describe('spec/vectors', () => {
  it('loads every vectors file, with the expected number of vectors', () => {
    expect(Object.fromEntries(loaded.map(({ file, vectors }) => [file, vectors.length]))).toEqual(EXPECTED_COUNTS);
    expect(all.length).toBe(40);
  });

  it('has well-formed vectors with unique names', () => {
    const names = new Set<string>();
    for (const { file, v } of all) {
      const where = `${file}: ${v.name}`;
      expect(typeof v.name, where).toBe('string');
      expect(names.has(v.name), `${where} is a duplicate name`).toBe(false);
      names.add(v.name);
      expect(v.source.length, where).toBeGreaterThan(10);
      expect(typeof v.string, where).toBe('string');
      expect(typeof v.roundTrip, where).toBe('boolean');
      // Exactly one of `expected` and `error`; negatives live in negative.json and only there.
      expect((v.expected === undefined) !== (v.error === undefined), where).toBe(true);
      expect(v.error !== undefined, where).toBe(file === 'negative.json');
      if (v.error) expect(v.roundTrip, where).toBe(false);
      // roundTrip is only claimed for strings padded to 24 bits per segment.
      if (v.roundTrip) expect(v.string.split('.').every((s) => s.length % 4 === 0), where).toBe(true);
    }
  });
});

describe('spec/*.md examples', () => {
  it('spec/json-form.md: the example is the JSON form of its string', () => {
    const doc = readFileSync(fileURLToPath(new URL('../spec/json-form.md', import.meta.url)), 'utf8');
    const string = /The current spec example, `([^`]+)`/.exec(doc)?.[1];
    const json = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(string).toBeDefined();
    expect(json).toBeDefined();
    expect(JSON.parse(JSON.stringify(decode(string!)))).toEqual(JSON.parse(json!));
    expect(encode(JSON.parse(json!) as Parameters<typeof encode>[0])).toBe(string);
  });

  it('spec/json-form.md: a model with only the two dates encodes to the string shown', () => {
    const model = { created: '2025-06-03T00:00:00Z', lastUpdated: '2025-06-03T00:00:00Z' };
    expect(encode(model)).toBe('CQSbk4AQSbk4AAAAAAENAAFgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA');
  });

  it("spec/format.md §4: {10,20,30,40,50,100} is 131 bits of range entries by 'reference', a 117-bit bitfield by 'shortest'", () => {
    const model = { created: '2025-06-03T00:00:00Z', lastUpdated: '2025-06-03T00:00:00Z', vendorConsents: [10, 20, 30, 40, 50, 100] };
    // Core bits = 213 + consent vector + 17 (empty LI vector) + 12 (no restrictions).
    const vectorBits = (s: string) => (readLayout(s).core!.bits as number) - 213 - 17 - 12;
    const reference = encode(model, { vectorEncoding: 'reference', segments: ['core'] });
    const shortest = encode(model, { vectorEncoding: 'shortest', segments: ['core'] });
    expect(readLayout(reference).core).toMatchObject({ vendorConsents: { maxVendorId: 100, isRangeEncoding: true, numEntries: 6 } });
    expect(vectorBits(reference)).toBe(131);
    expect(readLayout(shortest).core).toMatchObject({ vendorConsents: { maxVendorId: 100, isRangeEncoding: false } });
    expect(vectorBits(shortest)).toBe(117);
    // Both rules write [29] as a bitfield (iabgpp-es would write a range).
    for (const vectorEncoding of ['reference', 'shortest'] as const) {
      const s = encode({ ...model, vendorConsents: [29] }, { vectorEncoding, segments: ['core'] });
      expect(readLayout(s).core).toMatchObject({ vendorConsents: { maxVendorId: 29, isRangeEncoding: false } });
    }
  });
});

for (const { file, vectors } of loaded) {
  describe(file, () => {
    for (const v of vectors) {
      if (v.expected) {
        const expected = v.expected;
        it(`${v.name}: decodes to the values its source states`, () => {
          expect(JSON.parse(JSON.stringify(decode(v.string)))).toMatchObject(expected);
        });

        if (v.roundTrip) {
          it(`${v.name}: encode(decode(s)) === s`, () => {
            expect(encode(decode(v.string))).toBe(v.string);
          });
        } else {
          it(`${v.name}: re-encodes to a different string with the same content`, () => {
            const tc = decode(v.string);
            const again = encode(tc);
            // Not byte-exact (padding or range entries differ: spec/format.md, "What the round trip
            // does not preserve"), but the decoded content is the same.
            expect(again).not.toBe(v.string);
            expect(JSON.stringify(decode(again))).toBe(JSON.stringify(tc));
          });
        }

        if (v.layout) {
          const layout = v.layout;
          it(`${v.name}: has the segment layout its source states`, () => {
            expect(readLayout(v.string)).toMatchObject(layout);
          });
        }

        it(`${v.name}: agrees with the reference decoder`, () => {
          expect(ours(v.string)).toEqual(reference(v.string));
        });
      } else {
        const error = v.error!;
        it(`${v.name}: strict decode throws ${String(error.code)}`, () => {
          const caught = thrown(() => decode(v.string));
          expect(isTCStringError(caught), String(caught)).toBe(true);
          expect(caught).toMatchObject(error);
        });

        it(`${v.name}: the reference decoder ${v.referenceThrows ? 'throws too' : 'accepts it'}`, () => {
          expect(v.referenceThrows, 'negative vectors say whether the reference throws').toBeTypeOf('boolean');
          expect(thrown(() => reference(v.string)) !== undefined).toBe(v.referenceThrows);
        });
      }

      const lenient = v.lenient;
      if (lenient?.expected) {
        const expected = lenient.expected;
        it(`${v.name}: lenient decode gives the values stated`, () => {
          expect(JSON.parse(JSON.stringify(decode(v.string, { lenient: true })))).toMatchObject(expected);
        });
      } else if (lenient?.error) {
        const error = lenient.error;
        it(`${v.name}: lenient decode throws ${String(error.code)} too`, () => {
          const caught = thrown(() => decode(v.string, { lenient: true }));
          expect(isTCStringError(caught), String(caught)).toBe(true);
          expect(caught).toMatchObject(error);
        });
      }
    }
  });
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error ?? new Error('threw a nullish value');
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Cross-check against the reference decoder: scalars, id sets and restrictions, in one shape.

interface Restriction {
  purposeId: number;
  restrictionType: number;
  vendorIds: number[];
}

/** Restrictions as the reference models them: one vendor set per (purpose, type), empty ones absent. */
function byPurposeAndType(list: readonly Restriction[]): Restriction[] {
  const merged = new Map<string, Restriction>();
  for (const r of list) {
    const key = `${r.purposeId}/${r.restrictionType}`;
    const ids = new Set([...(merged.get(key)?.vendorIds ?? []), ...r.vendorIds]);
    merged.set(key, { purposeId: r.purposeId, restrictionType: r.restrictionType, vendorIds: [...ids].sort((a, b) => a - b) });
  }
  return [...merged.values()]
    .filter((r) => r.vendorIds.length > 0)
    .sort((a, b) => a.purposeId - b.purposeId || a.restrictionType - b.restrictionType);
}

/** Our decode, projected onto what the reference model can express. */
function ours(s: string): Record<string, unknown> {
  const json = JSON.parse(JSON.stringify(decode(s))) as Record<string, unknown>;
  const out: Record<string, unknown> = { created: json.created, lastUpdated: json.lastUpdated };
  for (const k of SCALAR_FIELDS) out[k] = json[k];
  for (const k of ID_SET_FIELDS) out[k] = json[k];
  // By design we keep each PubRestrictionEntry as written (duplicates, empty ones, their order);
  // the reference merges entries with the same (purpose, type) into one vendor set and has no
  // entry without vendors. Compare in its shape.
  out.publisherRestrictions = byPurposeAndType(json.publisherRestrictions as Restriction[]);
  return out;
}

interface ReferenceVector {
  forEach(callback: (value: boolean, id: number) => void): void;
}

/** The reference decoder's reading of `s`, in the shape of {@link ours}. */
function reference(s: string): Record<string, unknown> {
  const model = new ReferenceModel();
  // The reference's cmpId setter rejects 0 and 1 (a registration rule, not a format rule), so it
  // cannot decode e.g. iabgpp-es's default strings. Keep the value the string holds instead.
  let cmpId = 0;
  Object.defineProperty(model, 'cmpId', {
    get: () => cmpId,
    set: (value: unknown) => {
      cmpId = Number(value);
    },
    configurable: true,
  });
  // Not compared: which of two same-type segments wins (the reference keeps the last, we reject
  // the string or, lenient, keep the first; only negative vectors have one) and trailing bits
  // (both ignore them; re-encoding is not compared with the reference at all).
  const m = ReferenceTCString.decode(s, model);
  const record = m as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { created: m.created.toISOString(), lastUpdated: m.lastUpdated.toISOString() };
  for (const k of SCALAR_FIELDS) out[k] = record[k];
  for (const k of ID_SET_FIELDS) {
    const ids: number[] = [];
    (record[k] as ReferenceVector).forEach((value, id) => {
      if (value) ids.push(id);
    });
    out[k] = ids;
  }
  out.publisherRestrictions = byPurposeAndType(
    m.publisherRestrictions.getRestrictions().map((pr) => ({
      purposeId: pr.purposeId ?? -1,
      restrictionType: pr.restrictionType,
      vendorIds: m.publisherRestrictions.getVendors(pr),
    })),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------
// An independent layout reader, written from the spec only (no code shared with src/): it walks
// each segment as a string of '0'/'1' and reports what the JSON form cannot show (MaxVendorId,
// bitfield or range, raw range entries, bits used), for the `layout` of a vector.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SEGMENT_NAMES = ['core', 'vendorsDisclosed', 'vendorsAllowed', 'publisherTC'];

function readLayout(tcString: string): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const segment of tcString.split('.')) {
    const bits = Array.from(segment, (c) => {
      const value = ALPHABET.indexOf(c);
      if (value < 0) throw new Error(`layout reader: '${c}' is not base64url`);
      return value.toString(2).padStart(6, '0');
    }).join('');
    let pos = 0;
    const skip = (n: number): void => {
      if (pos + n > bits.length) throw new Error(`layout reader: ${n} bits at ${pos}, only ${bits.length}`);
      pos += n;
    };
    const int = (n: number): number => {
      skip(n);
      return parseInt(bits.slice(pos - n, pos), 2);
    };
    const entries = (n: number): number[][] => {
      const list: number[][] = [];
      for (let i = 0; i < n; i++) {
        const isARange = int(1) === 1;
        const start = int(16);
        list.push(isARange ? [start, int(16)] : [start]);
      }
      return list;
    };
    const vendorVector = (): Record<string, unknown> => {
      const maxVendorId = int(16);
      const isRangeEncoding = int(1) === 1;
      if (!isRangeEncoding) {
        skip(maxVendorId);
        return { maxVendorId, isRangeEncoding };
      }
      const numEntries = int(12);
      return { maxVendorId, isRangeEncoding, numEntries, entries: entries(numEntries) };
    };
    // The core has no SegmentType, but its 6-bit Version (2) starts with the bits 000 = type 0.
    const name = SEGMENT_NAMES[int(3)] ?? 'unknown';
    let layout: Record<string, unknown>;
    if (name === 'core') {
      pos = 213; // Version … PublisherCC: 6+36+36+12+12+6+12+12+6+1+1+12+24+24+1+12 bits.
      const vendorConsents = vendorVector();
      const vendorLegitimateInterests = vendorVector();
      const publisherRestrictions: Record<string, unknown> = {};
      const count = int(12);
      for (let i = 0; i < count; i++) {
        const purposeId = int(6);
        const restrictionType = int(2);
        const numEntries = int(12);
        publisherRestrictions[i] = { purposeId, restrictionType, numEntries, entries: entries(numEntries) };
      }
      layout = { vendorConsents, vendorLegitimateInterests, publisherRestrictions };
    } else if (name === 'publisherTC') {
      skip(48);
      const numCustomPurposes = int(6);
      skip(2 * numCustomPurposes);
      layout = { numCustomPurposes };
    } else {
      layout = vendorVector();
    }
    out[name] = { ...layout, bits: pos, trailingBitsZero: !bits.slice(pos).includes('1') };
  }
  return out;
}
