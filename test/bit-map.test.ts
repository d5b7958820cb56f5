import { describe, expect, it } from 'vitest';
import { bitMap, decode, encode, isTCStringError, type BitMap, type BitMapEntry, type TCModelInput } from '../src/index.js';
import { prng } from '../scripts/prng.js';

// Strings of shared/tcf-format.md §11.
const VECTORS: Record<string, string> = {
  V1: 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA',
  V2: 'COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAYFfAV-BVkAGBVYFWAAA',
  V3: 'CQd924AQd924AASACCENCNFsAP_gAEIAACiQL6QBAAGAAOANmAcAF9IAIADgAA.IL6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.YIAAAAAAAAAA',
  V4: 'CLSYjTaOngnCIAOABBENAXCMAGOAABBAAA7IA5n-m7fP6_3fbqVv6E__PoA5Aqff3aJx8tv_1967rfnQEQoAIAAQCrwkAEABAcACABIMACAAuApEVABABUSABgBCAVSAtIoACACIArYQAHACgAFgAVwBJgDcAI7AWgMAAgBiKgAgBMgFfKQAQBRkQAQA4AFiBAAoA-AEVAJlAVgAtYcACAJcAr4eABAK8OgBgFzAOmAqwgABAWyA',
  V5: 'COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA.IBAgAAAgAIAwgAgAAAAEAAAACA.QAagAQAgAIAwgA',
  V6: 'CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA',
  V7: 'COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA',
  V8: 'CO5dPi4O5dPx2B7DvCENA2CgAAAAAAAAAAAAGewAAM8gAAAA.YAAAAAAAAAAA',
  V9: 'COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA.IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAgAAQARAEQAAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw',
  custom: 'CPTtLAAPTtLAAAKAAAENAAFgALwAAEAAAAAAAOgAgABgAAAA.IAoAAgABgAAEAQAAEAAA.cAAAAAAAITg',
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A segment's bits, independently of the library: 6 per character. */
function segmentBits(segment: string): string {
  let bits = '';
  for (const c of segment) bits += ALPHABET.indexOf(c).toString(2).padStart(6, '0');
  return bits;
}

/** The string for `bits`, zero-padded to whole characters (for hand-built broken strings). */
function fromBits(bits: string): string {
  const padded = bits.padEnd(Math.ceil(bits.length / 6) * 6, '0');
  let s = '';
  for (let i = 0; i < padded.length; i += 6) s += ALPHABET[parseInt(padded.slice(i, i + 6), 2)];
  return s;
}

const bin = (v: number, n: number) => v.toString(2).padStart(n, '0');

/** The bits of a core header (213 bits) with all-zero fields but Version 2, policy 5, IsServiceSpecific 1. */
const HEADER = bin(2, 6) + '0'.repeat(126) + bin(5, 6) + '1' + '0'.repeat(74);

/** Checks that the entries of each segment tile its bits exactly, from bit 0, padding included. */
function expectTiling(s: string, map: BitMap): void {
  const pieces = s.split('.');
  const bySegment = new Map<number, BitMapEntry[]>();
  let index = -1;
  for (const f of map.fields) {
    if (f.start === 0) index++;
    if (!bySegment.has(index)) bySegment.set(index, []);
    bySegment.get(index)!.push(f);
  }
  expect(bySegment.size).toBe(pieces.length);
  pieces.forEach((piece, i) => {
    const fields = bySegment.get(i)!;
    let at = 0;
    for (const f of fields) {
      expect(f.start, `${f.segment}.${f.field}`).toBe(at);
      expect(f.end).toBeGreaterThan(f.start);
      expect(f.bits).toMatch(/^[01]+$/);
      expect(f.bits.length).toBe(f.end - f.start);
      at = f.end;
    }
    expect(fields.map((f) => f.bits).join('')).toBe(segmentBits(piece));
    expect(new Set(fields.map((f) => f.field)).size).toBe(fields.length);
  });
}

function value(map: BitMap, field: string, segment = 'core'): unknown {
  const f = map.fields.find((x) => x.field === field && x.segment === segment);
  if (f === undefined) throw new Error(`no ${segment}.${field}`);
  return f.value;
}


describe('bitMap', () => {
  it.each(Object.entries(VECTORS))('tiles every segment of %s exactly, and agrees with decode', (_name, s) => {
    const map = bitMap(s);
    expect(map.error).toBeNull();
    expectTiling(s, map);
    const tc = decode(s);
    expect(value(map, 'version')).toBe(2);
    expect(value(map, 'cmpId')).toBe(tc.cmpId);
    expect(value(map, 'created')).toBe(tc.created.toISOString());
    expect(value(map, 'consentLanguage')).toBe(tc.consentLanguage);
    expect(value(map, 'purposeConsents')).toEqual(tc.purposeConsents.toArray());
    expect(value(map, 'isServiceSpecific')).toBe(tc.isServiceSpecific);
    expect(value(map, 'vendorConsents.maxVendorId')).toBe(tc.vendorConsents._maxVendorId);
    // Segments in order, each starting with its type (the core with its version).
    const segmentStarts = map.fields.filter((f) => f.start === 0);
    expect(segmentStarts.map((f) => f.segment)).toEqual(tc.segments);
    expect(segmentStarts.slice(1).every((f) => f.field === 'segmentType')).toBe(true);
  });

  it('lists each range entry and restriction entry with spec field names (V4, V1)', () => {
    const v4 = bitMap(VECTORS.V4!);
    expect(value(v4, 'publisherRestrictions.numPubRestrictions')).toBe(17);
    const restriction = v4.fields.filter((f) => f.field.startsWith('publisherRestrictions[5].'));
    expect(restriction.map((f) => [f.field, f.value])).toEqual([
      ['publisherRestrictions[5].purposeId', 9],
      ['publisherRestrictions[5].restrictionType', 0],
      ['publisherRestrictions[5].numEntries', 3],
      ['publisherRestrictions[5].rangeEntries[0].isARange', false],
      ['publisherRestrictions[5].rangeEntries[0].startOrOnlyVendorId', 66],
      ['publisherRestrictions[5].rangeEntries[1].isARange', false],
      ['publisherRestrictions[5].rangeEntries[1].startOrOnlyVendorId', 681],
      ['publisherRestrictions[5].rangeEntries[2].isARange', false],
      ['publisherRestrictions[5].rangeEntries[2].startOrOnlyVendorId', 722],
    ]);
    expect(v4.fields.at(-1)).toMatchObject({ field: 'padding', start: 1457, end: 1464, bits: '0000000', value: null });

    const disclosed = bitMap(VECTORS.V1!).fields.filter((f) => f.segment === 'vendorsDisclosed');
    expect(disclosed.map((f) => [f.field, f.start, f.end, f.value])).toEqual([
      ['segmentType', 0, 3, 1],
      ['maxVendorId', 3, 19, 404],
      ['isRangeEncoding', 19, 20, true],
      ['numEntries', 20, 32, 3],
      ['rangeEntries[0].isARange', 32, 33, true],
      ['rangeEntries[0].startOrOnlyVendorId', 33, 49, 1],
      ['rangeEntries[0].endVendorId', 49, 65, 5],
      ['rangeEntries[1].isARange', 65, 66, false],
      ['rangeEntries[1].startOrOnlyVendorId', 66, 82, 100],
      ['rangeEntries[2].isARange', 82, 83, false],
      ['rangeEntries[2].startOrOnlyVendorId', 83, 99, 404],
      ['padding', 99, 120, null],
    ]);
  });

  it('shows bitfields as ids and custom purposes (V1, custom)', () => {
    const v1 = bitMap(VECTORS.V1!);
    expect(v1.fields.find((f) => f.field === 'vendorConsents.bitField')).toMatchObject({ start: 230, end: 234, bits: '1111', value: [1, 2, 3, 4] });
    // An empty bitfield has no bits: no entry.
    expect(v1.fields.some((f) => f.field === 'vendorLegitimateInterests.bitField')).toBe(false);
    const custom = bitMap(VECTORS.custom!);
    expect(value(custom, 'numCustomPurposes', 'publisherTC')).toBe(2);
    expect(value(custom, 'publisherCustomConsents', 'publisherTC')).toEqual([2]);
    expect(value(custom, 'publisherCustomLegitimateInterests', 'publisherTC')).toEqual([1, 2]);
    expect(value(custom, 'publisherLegitimateInterests', 'publisherTC')).toEqual([24]);
  });

  it('tiles generated strings of every shape (ranges, restrictions, all segments)', () => {
    const r = prng(6);
    const ids = (max: number, density: number) => {
      const out: number[] = [];
      for (let id = 1; id <= max; id++) if (r() < density) out.push(id);
      return out;
    };
    for (let i = 0; i < 60; i++) {
      const model: TCModelInput = {
        created: new Date(Date.UTC(2020, 0, 1) + Math.floor(r() * 2e11)),
        lastUpdated: '2026-03-02T00:00:00Z',
        cmpId: Math.floor(r() * 4096),
        purposeConsents: ids(24, 0.5),
        purposeLegitimateInterests: ids(24, 0.3),
        specialFeatureOptins: ids(12, 0.3),
        vendorConsents: i % 3 === 0 ? [] : ids(Math.floor(r() * 3000), r() < 0.5 ? 0.02 : 0.6),
        vendorLegitimateInterests: ids(Math.floor(r() * 900), 0.1),
        publisherRestrictions: Array.from({ length: i % 4 }, (_, k) => ({ purposeId: k + 1, restrictionType: k % 3, vendorIds: ids(400, 0.05) })),
        vendorsDisclosed: ids(Math.floor(r() * 1000), 0.8),
        vendorsAllowed: ids(50, 0.5),
        publisherConsents: ids(24, 0.5),
        numCustomPurposes: i % 7,
        publisherCustomConsents: ids(i % 7, 0.5),
        segments: i % 2 === 0 ? ['core', 'vendorsDisclosed', 'vendorsAllowed', 'publisherTC'] : ['core', 'publisherTC', 'vendorsDisclosed'],
      };
      const s = encode(model, { vectorEncoding: i % 2 === 0 ? 'reference' : 'shortest' });
      const map = bitMap(s);
      expect(map.error).toBeNull();
      expectTiling(s, map);
      const tc = decode(s);
      expect(map.fields.filter((f) => f.field.endsWith('.purposeId')).map((f) => f.value)).toEqual(tc.publisherRestrictions.map((x) => x.purposeId));
    }
  });

  it('maps a truncated string up to the failing field, with the decode error', () => {
    const s = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgAC';
    const map = bitMap(s);
    expect(isTCStringError(map.error)).toBe(true);
    expect(map.error).toMatchObject({ code: 'UNEXPECTED_END', segment: 'core', field: 'vendorConsents.maxVendorId', bitOffset: 213 });
    expect(map.fields.map((f) => f.field)).toEqual([
      'version', 'created', 'lastUpdated', 'cmpId', 'cmpVersion', 'consentScreen', 'consentLanguage', 'vendorListVersion',
      'policyVersion', 'isServiceSpecific', 'useNonStandardTexts', 'specialFeatureOptins', 'purposeConsents',
      'purposeLegitimateInterests', 'purposeOneTreatment', 'publisherCountryCode',
    ]);
    expect(map.fields.at(-1)!.end).toBe(213);
  });

  it('includes the failing field when it could be read (vendor id 0 in a range entry)', () => {
    // Core header, vendor consents as range: Max 10, 1 entry, a single id 0.
    const bits = HEADER + bin(10, 16) + '1' + bin(1, 12) + '0' + bin(0, 16) + bin(0, 16) + '0' + bin(0, 12);
    const s = fromBits(bits);
    expect(() => decode(s)).toThrow(/vendor id 0/);
    const map = bitMap(s);
    expect(map.error).toMatchObject({ code: 'INVALID_RANGE', field: 'vendorConsents.rangeEntries[0].startOrOnlyVendorId', bitOffset: 243 });
    expect(map.fields.slice(-3).map((f) => [f.field, f.start, f.value])).toEqual([
      ['vendorConsents.numEntries', 230, 1],
      ['vendorConsents.rangeEntries[0].isARange', 242, false],
      ['vendorConsents.rangeEntries[0].startOrOnlyVendorId', 243, 0],
    ]);
  });

  it('keeps the earlier segments when a later one fails', () => {
    const core = VECTORS.V1!.split('.')[0]!;
    // §11 V4's negative test: a DisclosedVendors segment whose MaxVendorId exceeds its bits.
    const map = bitMap(core + '.IFukWSQh');
    expect(map.error).toMatchObject({ code: 'UNEXPECTED_END', segment: 'vendorsDisclosed', field: 'bitField' });
    expect(map.fields.filter((f) => f.segment === 'core')).toEqual(bitMap(core).fields);
    expect(map.fields.filter((f) => f.segment === 'vendorsDisclosed').map((f) => f.field)).toEqual(['segmentType', 'maxVendorId', 'isRangeEncoding']);

    const bad = bitMap(core + '.IDKQ!4AAgAKAGQAygAAA');
    expect(bad.error).toMatchObject({ code: 'INVALID_CHARACTER', charIndex: 49 });
    expect(bad.fields).toEqual(bitMap(core).fields);
  });

  it('maps the version field of an unsupported version, and nothing for a non-core first segment', () => {
    const v1 = bitMap('BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA');
    expect(v1.error).toMatchObject({ code: 'TCF_V1_UNSUPPORTED' });
    expect(v1.fields).toEqual([{ segment: 'core', field: 'version', start: 0, end: 6, bits: '000001', value: 1 }]);
    expect(bitMap('IDKQA4AAgAKAGQAygAAA')).toMatchObject({ fields: [], error: { code: 'MISSING_CORE' } });
    expect(bitMap('')).toMatchObject({ fields: [], error: { code: 'EMPTY_SEGMENT' } });
  });

  it('returns no fields for input decode refuses outright', () => {
    expect(bitMap('C'.repeat(200_000))).toMatchObject({ fields: [], error: { code: 'INPUT_TOO_LONG' } });
    expect(bitMap(42 as unknown as string)).toMatchObject({ fields: [], error: { code: 'INVALID_INPUT' } });
  });
});
