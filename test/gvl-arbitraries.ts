/**
 * fast-check arbitraries for the GVL tests: vendor-list JSON objects (spec v2 and v3) with gaps,
 * deleted vendors, flexible purposes, LI-only and special-purpose-only vendors; TC models whose
 * vendor ids, restrictions and ranges are drawn around that GVL (including ranges that span ids
 * absent from it). Models are in the JSON form `encode` takes.
 */
import fc from 'fast-check';
import type { TCModelInput } from '../src/index.js';
import { range, sortUnique } from './arbitraries.js';

export interface VendorJSON {
  id: number;
  name: string;
  purposes: number[];
  legIntPurposes: number[];
  flexiblePurposes: number[];
  specialPurposes: number[];
  features: number[];
  specialFeatures: number[];
  deletedDate?: string;
}

export interface GVLJSON {
  gvlSpecificationVersion: 2 | 3;
  vendorListVersion: number;
  tcfPolicyVersion: number;
  lastUpdated: string;
  purposes: Record<string, { id: number; name: string; description: string }>;
  specialPurposes: Record<string, { id: number; name: string; description: string }>;
  features: Record<string, { id: number; name: string; description: string }>;
  specialFeatures: Record<string, { id: number; name: string; description: string }>;
  stacks: Record<string, never>;
  vendors: Record<string, VendorJSON>;
}

export { range, sortUnique };

function entries(n: number, what: string): GVLJSON['purposes'] {
  const out: GVLJSON['purposes'] = {};
  for (let i = 1; i <= n; i++) out[String(i)] = { id: i, name: `${what} ${i}`, description: `${what} ${i}.` };
  return out;
}

/** Vendor declarations for a list whose purposes are 1..purposeCount. */
function vendorArb(id: number, purposeCount: number): fc.Arbitrary<VendorJSON> {
  const all = range(1, purposeCount);
  const shape = fc.constantFrom('mixed', 'mixed', 'mixed', 'consentOnly', 'liOnly', 'specialOnly', 'empty');
  return fc
    .record({
      shape,
      split: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: purposeCount, maxLength: purposeCount }),
      flexMask: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: purposeCount, maxLength: purposeCount }),
      strayFlexible: fc.boolean(),
      specialPurposes: fc.subarray([1, 2]),
      features: fc.subarray([1, 2, 3]),
      specialFeatures: fc.subarray([1, 2]),
      deleted: fc.integer({ min: 0, max: 6 }),
    })
    .map(({ shape, split, flexMask, strayFlexible, specialPurposes, features, specialFeatures, deleted }) => {
      let purposes = all.filter((_, i) => split[i] === 1);
      let legIntPurposes = all.filter((_, i) => split[i] === 2);
      if (shape === 'consentOnly') legIntPurposes = [];
      if (shape === 'liOnly') purposes = [];
      if (shape === 'specialOnly' || shape === 'empty') purposes = legIntPurposes = [];
      const declared = sortUnique([...purposes, ...legIntPurposes]);
      // Mostly flexible purposes the vendor declares; sometimes one it does not (a malformed
      // but accepted list), to check both sides treat it alike.
      let flexiblePurposes = declared.filter((p) => flexMask[p - 1] === 0);
      if (strayFlexible) flexiblePurposes = sortUnique([...flexiblePurposes, ...all.filter((_, i) => flexMask[i] === 3)]);
      const v: VendorJSON = {
        id,
        name: `Vendor ${id}`,
        purposes,
        legIntPurposes,
        flexiblePurposes,
        specialPurposes: shape === 'specialOnly' && specialPurposes.length === 0 ? [1] : shape === 'empty' ? [] : specialPurposes,
        features,
        specialFeatures,
      };
      if (deleted === 0) v.deletedDate = '2024-01-01T00:00:00Z';
      return v;
    });
}

/** Vendor ids with gaps: a few clusters, sometimes far apart, sometimes none at all. */
const vendorIdsArb: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as number[]) },
  {
    weight: 8,
    arbitrary: fc
      .array(
        fc.record({ start: fc.integer({ min: 1, max: 400 }), len: fc.integer({ min: 1, max: 12 }), step: fc.integer({ min: 1, max: 4 }) }),
        { minLength: 1, maxLength: 6 },
      )
      .map((clusters) => sortUnique(clusters.flatMap(({ start, len, step }) => range(0, len - 1).map((k) => start + k * step)))),
  },
  { weight: 1, arbitrary: fc.uniqueArray(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 40 }).map(sortUnique) },
);

export const gvlJSONArb: fc.Arbitrary<GVLJSON> = fc
  .record({
    spec: fc.constantFrom(2 as const, 3 as const),
    vendorListVersion: fc.integer({ min: 1, max: 4095 }),
    policyLow: fc.constantFrom(2, 3),
    policyHigh: fc.constantFrom(4, 5),
    ids: vendorIdsArb,
  })
  .chain(({ spec, vendorListVersion, policyLow, policyHigh, ids }) => {
    const purposeCount = spec === 2 ? 10 : 11;
    return fc.tuple(...ids.map((id) => vendorArb(id, purposeCount))).map((vendors): GVLJSON => {
      const map: Record<string, VendorJSON> = {};
      for (const v of vendors) map[String(v.id)] = v;
      return {
        gvlSpecificationVersion: spec,
        vendorListVersion,
        tcfPolicyVersion: spec === 2 ? policyLow : policyHigh,
        lastUpdated: '2025-01-01T00:00:00Z',
        purposes: entries(purposeCount, 'Purpose'),
        specialPurposes: entries(2, 'Special purpose'),
        features: entries(3, 'Feature'),
        specialFeatures: entries(2, 'Special feature'),
        stacks: {},
        vendors: map,
      };
    });
  });

/** Vendor ids around a GVL: mostly its own ids (deleted included), some absent ones. */
export function vendorSetArb(gvlIds: readonly number[]): fc.Arbitrary<number[]> {
  const top = (gvlIds[gvlIds.length - 1] ?? 0) + 30;
  const others = fc.uniqueArray(fc.integer({ min: 1, max: top }), { maxLength: 8 });
  const own = gvlIds.length > 0 ? fc.subarray([...gvlIds]) : fc.constant([] as number[]);
  return fc.tuple(own, others).map(([a, b]) => sortUnique([...a, ...b]));
}

/** Restriction vendor ids: a subset, or a contiguous range that spans ids absent from the GVL. */
function restrictionIdsArb(gvlIds: readonly number[]): fc.Arbitrary<number[]> {
  const top = (gvlIds[gvlIds.length - 1] ?? 0) + 20;
  return fc.oneof(
    vendorSetArb(gvlIds),
    fc
      .tuple(fc.integer({ min: 1, max: top }), fc.integer({ min: 0, max: 60 }))
      .map(([start, len]) => range(start, Math.min(start + len, 65535))),
    fc.constant([] as number[]),
  );
}

export function restrictionsArb(gvlIds: readonly number[]): fc.Arbitrary<{ purposeId: number; restrictionType: number; vendorIds: number[] }[]> {
  return fc.array(
    fc.record({
      // Mostly GVL purposes; sometimes ids no vendor can declare.
      purposeId: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 11 }) }, { weight: 1, arbitrary: fc.integer({ min: 12, max: 24 }) }),
      restrictionType: fc.integer({ min: 0, max: 2 }),
      vendorIds: restrictionIdsArb(gvlIds),
    }),
    { maxLength: 7 },
  );
}

const DAY_MS = 86_400_000;
const dateArb = fc.integer({ min: 15_000, max: 22_000 }).map((d) => new Date(d * DAY_MS).toISOString());
const letters = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 })).map(([a, b]) => String.fromCharCode(65 + a, 65 + b));
const flags = (max: number) => fc.subarray(range(1, max));

/** A model in the JSON form, around the GVL with these vendor ids. cmpId is 2..4095 (the reference cannot hold 0 or 1). */
export function modelArb(gvlIds: readonly number[]): fc.Arbitrary<TCModelInput & { publisherRestrictions: { purposeId: number; restrictionType: number; vendorIds: number[] }[] }> {
  return fc
    .record({
      created: dateArb,
      lastUpdated: dateArb,
      cmpId: fc.integer({ min: 2, max: 4095 }),
      cmpVersion: fc.integer({ min: 0, max: 4095 }),
      consentScreen: fc.integer({ min: 0, max: 63 }),
      consentLanguage: letters,
      vendorListVersion: fc.integer({ min: 0, max: 4095 }),
      policyVersion: fc.integer({ min: 0, max: 63 }),
      isServiceSpecific: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      useNonStandardTexts: fc.boolean(),
      specialFeatureOptins: flags(12),
      purposeConsents: flags(24),
      purposeLegitimateInterests: flags(24),
      purposeOneTreatment: fc.boolean(),
      publisherCountryCode: letters,
      vendorConsents: vendorSetArb(gvlIds),
      vendorLegitimateInterests: vendorSetArb(gvlIds),
      publisherRestrictions: restrictionsArb(gvlIds),
      vendorsDisclosed: vendorSetArb(gvlIds),
      publisherConsents: flags(24),
      publisherLegitimateInterests: flags(24),
      numCustomPurposes: fc.integer({ min: 0, max: 12 }),
      custom: fc.tuple(fc.subarray(range(1, 12)), fc.subarray(range(1, 12))),
    })
    .map(({ custom, ...m }) => ({
      ...m,
      publisherCustomConsents: custom[0].filter((id) => id <= m.numCustomPurposes),
      publisherCustomLegitimateInterests: custom[1].filter((id) => id <= m.numCustomPurposes),
    }));
}

/** A GVL and a model drawn around it. */
export const gvlAndModelArb = gvlJSONArb.chain((gvl) => {
  const ids = Object.keys(gvl.vendors).map(Number);
  return modelArb(ids).map((model) => ({ gvl, model }));
});
