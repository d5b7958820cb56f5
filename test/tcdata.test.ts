import { describe, expect, it } from 'vitest';
import { decode, encode, isTCStringError, toTCData } from '../src/index.js';

// shared/tcf-format.md §11 V3 (core and PublisherTC of the real-world 2026 string).
const V3 = 'CQd924AQd924AASACCENCNFsAP_gAEIAACiQL6QBAAGAAOANmAcAF9IAIADgAA.YIAAAAAAAAAA';
// §11 V4: 17 publisher restrictions.
const V4 =
  'CLSYjTaOngnCIAOABBENAXCMAGOAABBAAA7IA5n-m7fP6_3fbqVv6E__PoA5Aqff3aJx8tv_1967rfnQEQoAIAAQCrwkAEABAcACABIMACAAuApEVABABUSABgBCAVSAtIoACACIArYQAHACgAFgAVwBJgDcAI7AWgMAAgBiKgAgBMgFfKQAQBRkQAQA4AFiBAAoA-AEVAJlAVgAtYcACAJcAr4eABAK8OgBgFzAOmAqwgABAWyA';
// §11 V1: DisclosedVendors {1-5, 100, 404}.
const V1 = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA';

/** `{1: false, …, max: false}` with `true` at `ids`. */
function map(max: number, ids: number[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (let id = 1; id <= max; id++) out[id] = ids.includes(id);
  return out;
}

describe('toTCData', () => {
  it('gives the §13.2 shape for the V3 string, maps keyed 1..max as §13.3 describes', () => {
    const data = toTCData(V3);
    expect(data).toEqual({
      tcString: V3,
      tcfPolicyVersion: 5,
      cmpId: 18,
      cmpVersion: 2,
      gdprApplies: true,
      eventStatus: 'tcloaded',
      cmpStatus: 'loaded',
      isServiceSpecific: true,
      useNonStandardTexts: false,
      publisherCC: 'US',
      purposeOneTreatment: false,
      purpose: {
        consents: map(11, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
        legitimateInterests: { 1: false, 2: true, 3: false, 4: false, 5: false, 6: false, 7: true },
      },
      vendor: {
        // MaxVendorId is 1524, but the maps stop at the largest set id, as the reference does.
        consents: map(448, [12, 14, 435, 448]),
        legitimateInterests: map(14, [14]),
        disclosedVendors: {},
      },
      specialFeatureOptins: { 1: true, 2: true },
      publisher: {
        consents: map(6, [6]),
        legitimateInterests: {},
        customPurpose: { consents: {}, legitimateInterests: {} },
        restrictions: {},
      },
    });
    expect(Object.keys(data.vendor.consents)).toHaveLength(448);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('fills vendor.disclosedVendors from the DisclosedVendors segment', () => {
    expect(toTCData(V1).vendor.disclosedVendors).toEqual(map(404, [1, 2, 3, 4, 5, 100, 404]));
    expect(toTCData(V1).vendor.consents).toEqual({ 1: true, 2: true, 3: true, 4: true });
    expect(toTCData(V1).vendor.legitimateInterests).toEqual({});
  });

  it('maps publisher restrictions as purpose → vendor → type', () => {
    const r = toTCData(V4).publisher.restrictions;
    expect(Object.keys(r).map(Number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r['2']).toEqual({ 2: 2, 8: 1, 248: 0, 554: 0, 613: 0, 687: 2, 688: 0, 726: 0 });
    expect(r['7']).toEqual({ 302: 0, 350: 2, 371: 1, 467: 1, 684: 1, 702: 0 });
    expect(r['6']).toEqual({ 98: 0 });
  });

  it('gives the lowest type to a vendor restricted twice for one purpose, and skips empty entries', () => {
    const s = encode({
      created: '2026-03-02T00:00:00Z',
      lastUpdated: '2026-03-02T00:00:00Z',
      publisherRestrictions: [
        { purposeId: 2, restrictionType: 2, vendorIds: [5, 6, 7] },
        { purposeId: 2, restrictionType: 1, vendorIds: [6] },
        { purposeId: 3, restrictionType: 0, vendorIds: [] },
      ],
      publisherCustomConsents: [2],
      publisherCustomLegitimateInterests: [1, 2],
      numCustomPurposes: 2,
    });
    const data = toTCData(s);
    expect(data.publisher.restrictions).toEqual({ 2: { 5: 2, 6: 1, 7: 2 } });
    expect(data.publisher.customPurpose).toEqual({ consents: { 1: false, 2: true }, legitimateInterests: { 1: true, 2: true } });
  });

  it('takes a decoded model too, with tcString from encode', () => {
    const tc = decode(V3);
    const data = toTCData(tc);
    // The encoder pads each segment to 24 bits; this string's core was not.
    expect(data.tcString).toBe(encode(tc));
    expect(JSON.stringify(decode(data.tcString))).toBe(JSON.stringify(tc));
    expect({ ...data, tcString: V3 }).toEqual(toTCData(V3));
  });

  it('throws the decoding error for a bad string', () => {
    let caught: unknown;
    try {
      toTCData('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgAC');
    } catch (error) {
      caught = error;
    }
    expect(isTCStringError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'UNEXPECTED_END' });
  });
});
