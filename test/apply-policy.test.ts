/**
 * applyPolicy against the ORACLE, @iabtechlabtcf/core's TCString.encode (which runs its
 * SemanticPreEncoder: shared/tcf-format.md §9.2): for generated GVLs and models,
 * `encode(applyPolicy(m, gvl), { gvlVendorIds: gvl.vendorIds })` must equal the reference's
 * string byte for byte, in both ways a reference model meets its GVL:
 * - A, "GVL attached afterwards": `TCString.decode(s)` then `model.gvl = new GVL(json)`; the GVL
 *   filter runs over restrictions already held (emptied entries stay) — applyPolicy's default;
 * - B, "GVL first": `new TCModel(new GVL(json))`, fields set, restrictions added vendor by vendor
 *   (the filter runs in add()) — `emptyRestrictions: 'drop'`.
 * Both also check encode's `gvlVendorIds` grouping of restriction ranges across GVL gaps.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { GVL, PurposeRestriction, SegmentEncoder, TCModel as RefTCModel, TCString, type Segment } from '@iabtechlabtcf/core';
import { decode, encode, IdSet, isTCStringError, type TCModelInput } from '../src/index.js';
import { applyPolicy } from '../src/apply-policy.js';
import { parseGVL } from '../src/gvl.js';
import { gvlAndModelArb, gvlJSONArb, restrictionsArb, type GVLJSON } from './gvl-arbitraries.js';

const RUNS = 2000;
const LANGUAGES = ['EN', 'de', 'fr', 'pt-br', 'sr-latn', 'zh-hant'];

const v3json = JSON.parse(readFileSync(new URL('./fixtures/gvl/v3-small.json', import.meta.url), 'utf8')) as GVLJSON;
const v2json = JSON.parse(readFileSync(new URL('./fixtures/gvl/v2-small.json', import.meta.url), 'utf8')) as GVLJSON;

/** A reference GVL of its own copy of the JSON (it keeps references into the object it is given). */
function refGVL(json: GVLJSON, language: string): GVL {
  const copy = JSON.parse(JSON.stringify(json)) as ConstructorParameters<typeof GVL>[0];
  return language === 'EN' ? new GVL(copy) : new GVL(copy, { language });
}

// The reference caches every GVL it builds, keyed by vendorListVersion, for the process's life.
afterEach(() => {
  GVL.emptyCache();
});

/** Way A: decode the string (our encode of the model, no GVL), then attach the GVL. */
function referenceA(s: string, json: GVLJSON, language: string): string {
  const ref = TCString.decode(s);
  ref.gvl = refGVL(json, language);
  return TCString.encode(ref);
}

type Model = TCModelInput & { publisherRestrictions: { purposeId: number; restrictionType: number; vendorIds: number[] }[] };

/** Way B: a model built with its GVL, restrictions added vendor by vendor in the model's order. */
function referenceB(m: Model, json: GVLJSON, language: string): string {
  const ref = new RefTCModel(refGVL(json, language));
  ref.created = new Date(m.created as string);
  ref.lastUpdated = new Date(m.lastUpdated as string);
  ref.cmpId = m.cmpId!;
  ref.cmpVersion = m.cmpVersion!;
  ref.consentScreen = m.consentScreen!;
  ref.consentLanguage = m.consentLanguage!;
  ref.vendorListVersion = m.vendorListVersion!;
  ref.policyVersion = m.policyVersion!;
  ref.isServiceSpecific = m.isServiceSpecific!;
  ref.useNonStandardTexts = m.useNonStandardTexts!;
  ref.purposeOneTreatment = m.purposeOneTreatment!;
  ref.publisherCountryCode = m.publisherCountryCode!;
  ref.specialFeatureOptins.set([...m.specialFeatureOptins!]);
  ref.purposeConsents.set([...m.purposeConsents!]);
  ref.purposeLegitimateInterests.set([...m.purposeLegitimateInterests!]);
  ref.vendorConsents.set([...m.vendorConsents!]);
  ref.vendorLegitimateInterests.set([...m.vendorLegitimateInterests!]);
  ref.vendorsDisclosed.set([...m.vendorsDisclosed!]);
  ref.publisherConsents.set([...m.publisherConsents!]);
  ref.publisherLegitimateInterests.set([...m.publisherLegitimateInterests!]);
  ref.numCustomPurposes = m.numCustomPurposes!;
  ref.publisherCustomConsents.set([...m.publisherCustomConsents!]);
  ref.publisherCustomLegitimateInterests.set([...m.publisherCustomLegitimateInterests!]);
  for (const r of m.publisherRestrictions) {
    const pr = new PurposeRestriction(r.purposeId, r.restrictionType);
    for (const id of r.vendorIds) ref.publisherRestrictions.add(id, pr);
  }
  return TCString.encode(ref);
}

function ours(m: TCModelInput, json: GVLJSON, options: Parameters<typeof applyPolicy>[2]): string {
  const gvl = parseGVL(json);
  return encode(applyPolicy(m, gvl, options), { gvlVendorIds: gvl.vendorIds });
}

describe('applyPolicy: differential against TCString.encode', () => {
  it(`way A (GVL attached to a decoded model), ${RUNS} generated GVLs and models`, () => {
    let restricted = 0;
    let emptied = 0;
    fc.assert(
      fc.property(gvlAndModelArb, fc.constantFrom(...LANGUAGES), ({ gvl, model }, language) => {
        const s = encode(model, { vectorEncoding: 'reference', segments: ['core', 'vendorsDisclosed', 'publisherTC'] });
        const expected = referenceA(s, gvl, language);
        // From the decoded model and from the JSON form alike.
        expect(ours(decode(s), gvl, { language })).toBe(expected);
        expect(ours(model, gvl, { language })).toBe(expected);
        const out = decode(expected);
        if (out.publisherRestrictions.length > 0) restricted++;
        if (out.publisherRestrictions.some((r) => r.vendorIds.size === 0)) emptied++;
      }),
      { numRuns: RUNS },
    );
    // The generators must reach the cases that matter.
    expect(restricted).toBeGreaterThan(RUNS / 4);
    expect(emptied).toBeGreaterThan(RUNS / 50);
  });

  it(`way B (model built with its GVL, restrictions added), ${RUNS} generated GVLs and models`, () => {
    fc.assert(
      fc.property(gvlAndModelArb, fc.constantFrom(...LANGUAGES), ({ gvl, model }, language) => {
        expect(ours(model, gvl, { language, emptyRestrictions: 'drop' })).toBe(referenceB(model as Model, gvl, language));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("encode's gvlVendorIds: restriction ranges across GVL gaps", () => {
  // applyPolicy only leaves live GVL vendors in restrictions; here any ids are restricted (ids
  // absent from the GVL, above its largest id…), to check encode's grouping alone. The reference
  // is given a GVL stub with `vendorIds` and no `vendors`, so isOkToHave keeps every id.
  it(`equals the reference's PurposeRestrictionVectorEncoder, ${RUNS} generated GVLs and restrictions`, () => {
    const arb = gvlJSONArb.chain((gvl) => {
      const ids = Object.keys(gvl.vendors).map(Number);
      return restrictionsArb(ids).map((rs) => {
        // The reference model merges (purpose, type) duplicates and cannot hold empty entries.
        const seen = new Set<number>();
        const unique = rs.filter((r) => r.vendorIds.length > 0 && !seen.has(r.purposeId * 4 + r.restrictionType) && seen.add(r.purposeId * 4 + r.restrictionType));
        return { ids, restrictions: unique };
      });
    });
    fc.assert(
      fc.property(arb, ({ ids, restrictions }) => {
        const m = { created: '2026-01-15T00:00:00Z', lastUpdated: '2026-01-15T00:00:00Z', cmpId: 10, publisherRestrictions: restrictions };
        const ref = TCString.decode(encode(m, { segments: ['core'] }));
        ref.publisherRestrictions.gvl = { vendorIds: new Set(ids) } as unknown as GVL;
        expect(encode(m, { segments: ['core'], vectorEncoding: 'reference', gvlVendorIds: new Set(ids) })).toBe(SegmentEncoder.encode(ref, 'core' as Segment));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('applyPolicy: fixed cases', () => {
  const base = {
    created: '2026-01-15T00:00:00Z',
    lastUpdated: '2026-01-15T00:00:00Z',
    cmpId: 10,
    consentLanguage: 'DE',
    vendorListVersion: 1,
    policyVersion: 2,
  };

  it('does each documented step, and matches the reference on the v3 fixture', () => {
    const m = {
      ...base,
      purposeConsents: [1, 2, 3, 4, 7],
      purposeLegitimateInterests: [1, 2, 3, 4, 5, 6, 7, 8],
      // 6, 7 and 20 are not in the GVL; 5 and 23 are deleted.
      vendorConsents: [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 23],
      vendorLegitimateInterests: [1, 2, 3, 4, 5, 8, 10, 12, 15, 23],
      publisherRestrictions: [
        { purposeId: 2, restrictionType: 1, vendorIds: [1, 2, 3, 8, 12, 15] },
        { purposeId: 7, restrictionType: 2, vendorIds: [1, 3, 8, 10] },
        { purposeId: 3, restrictionType: 0, vendorIds: [1, 2, 3, 4, 5, 8, 10, 12, 15] },
        { purposeId: 9, restrictionType: 1, vendorIds: [1, 4] },
        { purposeId: 2, restrictionType: 1, vendorIds: [10] },
      ],
      vendorsDisclosed: [1, 2, 3, 4, 8, 10, 12, 15],
    };
    const gvl = parseGVL(v3json);
    const out = applyPolicy(m, gvl);
    expect(out.version).toBe(2);
    expect(out.consentLanguage).toBe('EN');
    expect(out.vendorListVersion).toBe(150);
    expect(out.policyVersion).toBe(5);
    expect(out.purposeLegitimateInterests).toEqual([2, 7, 8]);
    expect(out.purposeConsents).toEqual([1, 2, 3, 4, 7]);
    expect(out.publisherRestrictions).toEqual([
      // 1 and 15 are not flexible on 2; 2 is LI-declared but not flexible; 8 declares 2 under consent.
      { purposeId: 2, restrictionType: 1, vendorIds: [3, 12] },
      { purposeId: 7, restrictionType: 2, vendorIds: [3, 8] },
      { purposeId: 3, restrictionType: 0, vendorIds: [1, 3, 8, 10] },
      // Emptied by the filter: kept (way A), written with NumEntries 0.
      { purposeId: 9, restrictionType: 1, vendorIds: [] },
    ]);
    // Consent: vendors declaring a consent purpose (1, 3, 8, 10, 15), and 12 (flexible, LI-only,
    // under a type 1 restriction); 2 and 4 declare none, 5 and 23 are deleted, 6, 7, 20 unknown.
    expect(out.vendorConsents).toEqual([1, 3, 8, 10, 12, 15]);
    // LI: LI purposes (2, 3, 8, 10, 12) or special purposes (1, 4); 15 has neither and no type 2 restriction.
    expect(out.vendorLegitimateInterests).toEqual([1, 2, 3, 4, 8, 10, 12]);
    expect(out.segments).toEqual(['core', 'vendorsDisclosed', 'publisherTC']);
    expect(out.vendorsDisclosed).toEqual(m.vendorsDisclosed);
    // Emptied entries dropped with 'drop'.
    expect(applyPolicy(m, gvl, { emptyRestrictions: 'drop' }).publisherRestrictions.map((r) => r.purposeId)).toEqual([2, 7, 3]);

    const s = encode(m, { vectorEncoding: 'reference' });
    expect(ours(m, v3json, {})).toBe(referenceA(s, v3json, 'EN'));
    expect(ours(m, v3json, { emptyRestrictions: 'drop' })).toBe(
      referenceB(
        { ...m, cmpVersion: 0, consentScreen: 0, isServiceSpecific: true, useNonStandardTexts: false, purposeOneTreatment: false, publisherCountryCode: 'AA', specialFeatureOptins: [], publisherConsents: [], publisherLegitimateInterests: [], numCustomPurposes: 0, publisherCustomConsents: [], publisherCustomLegitimateInterests: [] },
        v3json,
        'EN',
      ),
    );
  });

  it('writes restriction ranges across GVL gaps, not across listed (even deleted) vendors, as the reference', () => {
    // v3 fixture ids: 1 2 3 4 5(deleted) 8 10 12 15 23(deleted). Vendors 1, 3, 8, 10 declare purpose 3.
    const runsOf = (json: GVLJSON, vendorIds: number[]) => {
      const m = { ...base, publisherRestrictions: [{ purposeId: 3, restrictionType: 0, vendorIds }] };
      const s = ours(m, json, {});
      expect(s).toBe(referenceA(encode(m), json, 'EN'));
      const runs: [number, number][] = [];
      decode(s).publisherRestrictions[0]!.vendorIds.forEachRun((a, b) => runs.push([a, b]));
      return runs;
    };
    const without = (...ids: number[]) => {
      const json = JSON.parse(JSON.stringify(v3json)) as GVLJSON;
      for (const id of ids) delete json.vendors[String(id)];
      return json;
    };
    // 2 (listed, not restricted) stops 1; 4 stops 3; 9 is absent, so 8 runs on to 10.
    expect(runsOf(v3json, [1, 3, 8, 10])).toEqual([[1, 1], [3, 3], [8, 10]]);
    // Without vendor 4, only deleted vendor 5 lies between 3 and 8: it is listed, so the run stops
    // there, although the spec would allow bridging a deleted vendor.
    expect(runsOf(without(4), [3, 8])).toEqual([[3, 3], [8, 8]]);
    // Without 4 and 5, 3 runs on to 8 over the absent 4–7.
    expect(runsOf(without(4, 5), [3, 8])).toEqual([[3, 8]]);
  });

  it('keeps the LI bit of special-purpose vendors and of the v2 list, clears 3–6 purpose LI even for policy 2', () => {
    const m = { ...base, purposeLegitimateInterests: [2, 3, 4, 5, 6, 7], vendorLegitimateInterests: [1, 2, 3, 7, 9] };
    const out = applyPolicy(m, parseGVL(v2json));
    expect(out.purposeLegitimateInterests).toEqual([2, 7]);
    // 2 declares no LI purpose but special purposes: kept; 3 is deleted.
    expect(out.vendorLegitimateInterests).toEqual([1, 2, 7, 9]);
    expect(ours(m, v2json, {})).toBe(referenceA(encode(m), v2json, 'EN'));
  });

  it('a global-scope string: flexible restrictions do not save a bit; two segments', () => {
    const m = {
      ...base,
      isServiceSpecific: false,
      vendorConsents: [12],
      publisherRestrictions: [{ purposeId: 2, restrictionType: 1, vendorIds: [12] }],
    };
    const out = applyPolicy(m, parseGVL(v3json));
    expect(out.vendorConsents).toEqual([]);
    expect(out.segments).toEqual(['core', 'vendorsDisclosed']);
    expect(ours(m, v3json, {})).toBe(referenceA(encode(m), v3json, 'EN'));
    expect(applyPolicy({ ...m, isServiceSpecific: true }, parseGVL(v3json)).vendorConsents).toEqual([12]);
  });

  it('returns a new plain JSON-form object and leaves its input alone', () => {
    const tc = decode(encode({ ...base, vendorConsents: [1, 6], purposeLegitimateInterests: [1, 2] }));
    const before = JSON.stringify(tc);
    const out = applyPolicy(tc, parseGVL(v3json));
    expect(JSON.stringify(tc)).toBe(before);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.created).toBe('2026-01-15T00:00:00.000Z');
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(out.vendorConsents).toEqual([1]);
  });

  it('a restriction over 1–65535 costs the GVL, not the range', () => {
    const all = decode(encode({ ...base, publisherRestrictions: [{ purposeId: 1, restrictionType: 0, vendorIds: Array.from({ length: 65535 }, (_, i) => i + 1) }] }))
      .publisherRestrictions[0]!.vendorIds;
    expect(all.size).toBe(65535);
    const m = { ...base, publisherRestrictions: Array.from({ length: 4095 }, (_, i) => ({ purposeId: 1 + (i % 11), restrictionType: i % 3, vendorIds: all })) };
    // No timing assertion (timings never gate the suite): the test's timeout is the bound.
    const out = applyPolicy(m, parseGVL(v3json));
    expect(out.publisherRestrictions.length).toBe(33);
    expect(out.publisherRestrictions[0]).toEqual({ purposeId: 1, restrictionType: 0, vendorIds: [1, 3, 8, 10] });
  });

  it('rejects malformed input with INVALID_VALUE naming the field', () => {
    const gvl = parseGVL(v3json);
    const cases: [unknown, unknown, string][] = [
      [null, undefined, 'model'],
      [{ ...base, vendorConsents: [0] }, undefined, 'vendorConsents[0]'],
      [{ ...base, vendorConsents: 'x' }, undefined, 'vendorConsents'],
      [{ ...base, isServiceSpecific: 1 }, undefined, 'isServiceSpecific'],
      [{ ...base, publisherRestrictions: [{ purposeId: 64, restrictionType: 0, vendorIds: [] }] }, undefined, 'publisherRestrictions[0].purposeId'],
      [{ ...base, publisherRestrictions: [{ purposeId: 1, restrictionType: 3, vendorIds: [] }] }, undefined, 'publisherRestrictions[0].restrictionType'],
      [{ ...base, publisherRestrictions: [{ purposeId: 1, restrictionType: 0, vendorIds: [1.5] }] }, undefined, 'publisherRestrictions[0].vendorIds[0]'],
      [{ ...base, vendorConsents: Object.assign(Object.create(IdSet.prototype) as object, { forEachRun: (fn: (s: number, e: number) => void) => fn(5, 2) }) }, undefined, 'vendorConsents'],
      [{ ...base, publisherRestrictions: [{ purposeId: 1, restrictionType: 0, vendorIds: Object.assign(Object.create(IdSet.prototype) as object, { forEachRun: (fn: (s: number, e: number) => void) => fn(1, 70000) }) }] }, undefined, 'publisherRestrictions[0].vendorIds'],
      [base, { language: 'e' }, 'options.language'],
      [base, { emptyRestrictions: 'maybe' }, 'options.emptyRestrictions'],
    ];
    for (const [m, options, field] of cases) {
      let caught: unknown;
      try {
        applyPolicy(m as TCModelInput, gvl, options as Parameters<typeof applyPolicy>[2]);
      } catch (e) {
        caught = e;
      }
      expect(isTCStringError(caught), field).toBe(true);
      expect((caught as { code: string }).code).toBe('INVALID_VALUE');
      expect((caught as { field: string }).field).toBe(field);
    }
  });
});
