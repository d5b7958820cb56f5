/**
 * decide and decidePublisher: a decision table with a row per rule (every reason code appears),
 * then fast-check properties over generated GVLs and models:
 * - an objection (LI bit 0 for the purpose or for the vendor) never yields an LI-based allowance;
 * - a type 0 restriction never yields any allowance;
 * - a vendor absent from the GVL, or deleted, is never allowed anything;
 * - allowed ⇔ basis, a consent basis needs both consent bits, and an undeclared purpose is never allowed.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, isTCStringError, type SegmentName, type TCModel, type TCModelInput } from '../src/index.js';
import {
  decide,
  decidePublisher,
  type DecideOptions,
  type DecidePublisherOptions,
  type DecisionInput,
  type DecisionReason,
  type LegalBasis,
} from '../src/decide.js';
import { parseGVL, type GlobalVendorList } from '../src/gvl.js';
import { gvlAndModelArb, range } from './gvl-arbitraries.js';

const load = (name: string) => parseGVL(JSON.parse(readFileSync(new URL(`./fixtures/gvl/${name}`, import.meta.url), 'utf8')));
const V3 = load('v3-small.json');
const V2 = load('v2-small.json');
/** A list whose vendor 1 (against policy) has purpose 1 flexible. */
const P1_FLEXIBLE = parseGVL({
  gvlSpecificationVersion: 3,
  vendorListVersion: 1,
  tcfPolicyVersion: 5,
  purposes: { 1: { id: 1, name: 'p1' }, 2: { id: 2, name: 'p2' } },
  specialPurposes: {},
  features: {},
  specialFeatures: {},
  vendors: { 1: { id: 1, name: 'v1', purposes: [1], legIntPurposes: [2], flexiblePurposes: [1], specialPurposes: [], features: [], specialFeatures: [] } },
});

const BASE: TCModelInput = {
  created: '2026-01-15T00:00:00Z',
  lastUpdated: '2026-01-15T00:00:00Z',
  cmpId: 10,
  vendorListVersion: 150,
  policyVersion: 5,
  segments: ['core', 'publisherTC'],
};

/** A real decoded model: the fields over BASE, through encode and decode. */
function tcOf(fields: Partial<TCModelInput>): TCModel {
  return decode(encode({ ...BASE, ...fields }));
}

const T = (purposeId: number, restrictionType: number, vendorIds: number[]) => ({ purposeId, restrictionType, vendorIds });
const disclosedSegments: SegmentName[] = ['core', 'vendorsDisclosed', 'publisherTC'];

interface Expected {
  allowed: boolean;
  reason: DecisionReason;
  basis?: LegalBasis | null;
  restrictionType?: 0 | 1 | 2 | null;
}

type What = { purpose: number } | { specialPurpose: number } | { specialFeature: number };

interface Row {
  rule: string;
  gvl: GlobalVendorList;
  tc: Partial<TCModelInput>;
  vendor: number;
  what: What;
  options?: Partial<DecideOptions>;
  expected: Expected;
}

const consent = (p: number, v: number) => ({ purposeConsents: [p], vendorConsents: [v] });
const li = (p: number, v: number) => ({ purposeLegitimateInterests: [p], vendorLegitimateInterests: [v] });
const all = (p: number, v: number) => ({ ...consent(p, v), ...li(p, v) });
const yes = (basis: LegalBasis, restrictionType: 0 | 1 | 2 | null = null): Expected => ({
  allowed: true,
  basis,
  reason: basis === 'consent' ? 'CONSENT' : 'LEGITIMATE_INTEREST',
  restrictionType,
});
const no = (reason: DecisionReason, restrictionType: 0 | 1 | 2 | null = null): Expected => ({ allowed: false, basis: null, reason, restrictionType });

// v3 fixture: 1 consent-only (1,2,3,4,7), 2 LI-only (2,7–11), 3 flexible (consent 1,3,4,7; LI 2,8,9,10;
// flexible 2,7,9), 4 special-purpose-only, 5 deleted, 8 consent + LI (flexible 2,7,8,9,10),
// 10 consent 1–4 + LI 7, 12 flexible LI-only (2), 15 flexible consent-only (2), 23 deleted.
// v2 fixture: 1 consent 1, LI 2–7 (flexible 3,4); 2 consent 1–4; 3 deleted; 7 special-purpose-only;
// 9 consent 1,3, LI 2,7,9,10, flexible 2,3,9.
const ROWS: Row[] = [
  // Consent basis
  { rule: 'consent: purpose and vendor consent bits 1', gvl: V3, tc: consent(2, 1), vendor: 1, what: { purpose: 2 }, expected: yes('consent') },
  { rule: 'consent: purpose consent bit 0', gvl: V3, tc: { vendorConsents: [1] }, vendor: 1, what: { purpose: 2 }, expected: no('NO_CONSENT') },
  { rule: 'consent: vendor consent bit 0', gvl: V3, tc: { purposeConsents: [2] }, vendor: 1, what: { purpose: 2 }, expected: no('NO_CONSENT') },
  { rule: 'consent: LI bits do not stand in for consent', gvl: V3, tc: li(2, 1), vendor: 1, what: { purpose: 2 }, expected: no('NO_CONSENT') },
  // LI basis
  { rule: 'LI: purpose and vendor LI bits 1', gvl: V3, tc: li(7, 2), vendor: 2, what: { purpose: 7 }, expected: yes('legitimateInterest') },
  { rule: 'LI: purpose LI 0 is an objection', gvl: V3, tc: { vendorLegitimateInterests: [2] }, vendor: 2, what: { purpose: 7 }, expected: no('OBJECTED') },
  { rule: 'LI: vendor LI 0 is an objection', gvl: V3, tc: { purposeLegitimateInterests: [7] }, vendor: 2, what: { purpose: 7 }, expected: no('OBJECTED') },
  { rule: 'LI: an objection wins over consent bits', gvl: V3, tc: { ...consent(7, 2), purposeLegitimateInterests: [7] }, vendor: 2, what: { purpose: 7 }, expected: no('OBJECTED') },
  { rule: 'LI: purpose 11 (v3)', gvl: V3, tc: li(11, 2), vendor: 2, what: { purpose: 11 }, expected: yes('legitimateInterest') },
  // Declarations
  { rule: 'not declared, whatever the bits', gvl: V3, tc: all(8, 1), vendor: 1, what: { purpose: 8 }, expected: no('NOT_DECLARED') },
  { rule: 'not declared, whatever the restriction', gvl: V3, tc: { ...all(8, 1), publisherRestrictions: [T(8, 1, [1])] }, vendor: 1, what: { purpose: 8 }, expected: no('NOT_DECLARED', 1) },
  { rule: 'purpose 11 is not in a v2 list', gvl: V2, tc: all(11, 9), vendor: 9, what: { purpose: 11 }, expected: no('NOT_DECLARED') },
  { rule: 'a special-purpose-only vendor has no purpose', gvl: V3, tc: all(1, 4), vendor: 4, what: { purpose: 1 }, expected: no('NOT_DECLARED') },
  // Restriction type 0, and the lowest type winning
  { rule: 'type 0: not allowed at all', gvl: V3, tc: { ...all(2, 1), publisherRestrictions: [T(2, 0, [1])] }, vendor: 1, what: { purpose: 2 }, expected: no('RESTRICTED_NOT_ALLOWED', 0) },
  { rule: 'type 0 on a flexible purpose too', gvl: V3, tc: { ...all(2, 3), publisherRestrictions: [T(2, 0, [3])] }, vendor: 3, what: { purpose: 2 }, expected: no('RESTRICTED_NOT_ALLOWED', 0) },
  { rule: 'type 0 beats type 1 (lowest wins)', gvl: V3, tc: { ...all(2, 3), publisherRestrictions: [T(2, 1, [3]), T(2, 0, [1, 2, 3])] }, vendor: 3, what: { purpose: 2 }, expected: no('RESTRICTED_NOT_ALLOWED', 0) },
  { rule: 'type 1 beats type 2 (lowest wins)', gvl: V3, tc: { ...consent(2, 3), publisherRestrictions: [T(2, 2, [3]), T(2, 1, [3])] }, vendor: 3, what: { purpose: 2 }, expected: yes('consent', 1) },
  { rule: 'type 0 listed first still beats a later type 1', gvl: V3, tc: { ...all(2, 3), publisherRestrictions: [T(2, 0, [3]), T(2, 1, [3])] }, vendor: 3, what: { purpose: 2 }, expected: no('RESTRICTED_NOT_ALLOWED', 0) },
  { rule: 'type 1 listed first still beats a later type 2', gvl: V3, tc: { ...consent(2, 3), publisherRestrictions: [T(2, 1, [3]), T(2, 2, [3])] }, vendor: 3, what: { purpose: 2 }, expected: yes('consent', 1) },
  { rule: 'a restriction on another vendor does not apply', gvl: V3, tc: { ...consent(2, 1), publisherRestrictions: [T(2, 0, [3, 4])] }, vendor: 1, what: { purpose: 2 }, expected: yes('consent') },
  { rule: 'a restriction on another purpose does not apply', gvl: V3, tc: { ...consent(2, 1), publisherRestrictions: [T(3, 0, [1])] }, vendor: 1, what: { purpose: 2 }, expected: yes('consent') },
  // Types 1 and 2 on flexible purposes switch the basis
  { rule: 'flexible, type 1: LI-declared purpose needs consent', gvl: V3, tc: { ...consent(2, 3), publisherRestrictions: [T(2, 1, [3])] }, vendor: 3, what: { purpose: 2 }, expected: yes('consent', 1) },
  { rule: 'flexible, type 1: LI bits no longer enough', gvl: V3, tc: { ...li(2, 3), publisherRestrictions: [T(2, 1, [3])] }, vendor: 3, what: { purpose: 2 }, expected: no('NO_CONSENT', 1) },
  { rule: 'flexible, type 2: consent-declared purpose needs LI', gvl: V3, tc: { ...li(7, 3), publisherRestrictions: [T(7, 2, [3])] }, vendor: 3, what: { purpose: 7 }, expected: yes('legitimateInterest', 2) },
  { rule: 'flexible, type 2: consent bits no longer enough', gvl: V3, tc: { ...consent(7, 3), publisherRestrictions: [T(7, 2, [3])] }, vendor: 3, what: { purpose: 7 }, expected: no('OBJECTED', 2) },
  { rule: 'flexible, no restriction: the declared basis (LI)', gvl: V3, tc: { ...consent(2, 3) }, vendor: 3, what: { purpose: 2 }, expected: no('OBJECTED') },
  { rule: 'flexible, type 1 asking for the declared basis', gvl: V3, tc: { ...consent(2, 15), publisherRestrictions: [T(2, 1, [15])] }, vendor: 15, what: { purpose: 2 }, expected: yes('consent', 1) },
  // Types 1 and 2 on non-flexible purposes (§6 table)
  { rule: 'not flexible, type 1 on an LI purpose: not process', gvl: V3, tc: { ...all(7, 2), publisherRestrictions: [T(7, 1, [2])] }, vendor: 2, what: { purpose: 7 }, expected: no('RESTRICTION_MISMATCH', 1) },
  { rule: 'not flexible, type 1 on a consent purpose: ignored', gvl: V3, tc: { ...consent(2, 1), publisherRestrictions: [T(2, 1, [1])] }, vendor: 1, what: { purpose: 2 }, expected: yes('consent', 1) },
  { rule: 'not flexible, type 2 on a consent purpose: not process', gvl: V3, tc: { ...all(2, 1), publisherRestrictions: [T(2, 2, [1])] }, vendor: 1, what: { purpose: 2 }, expected: no('RESTRICTION_MISMATCH', 2) },
  { rule: 'not flexible, type 2 on an LI purpose: ignored', gvl: V3, tc: { ...li(7, 2), publisherRestrictions: [T(7, 2, [2])] }, vendor: 2, what: { purpose: 7 }, expected: yes('legitimateInterest', 2) },
  { rule: 'flexible vendor, but not for this purpose', gvl: V3, tc: { ...all(3, 3), publisherRestrictions: [T(3, 2, [3])] }, vendor: 3, what: { purpose: 3 }, expected: no('RESTRICTION_MISMATCH', 2) },
  // LI not permitted
  { rule: 'LI for purposes 3–6 under policy 4', gvl: V2, tc: { ...li(3, 1), policyVersion: 4 }, vendor: 1, what: { purpose: 3 }, expected: no('LI_NOT_PERMITTED') },
  { rule: 'LI for purpose 6 under policy 5', gvl: V2, tc: { ...li(6, 1), policyVersion: 5 }, vendor: 1, what: { purpose: 6 }, expected: no('LI_NOT_PERMITTED') },
  { rule: 'LI for purpose 3 under policy 2 (pre-2.2)', gvl: V2, tc: { ...li(3, 1), policyVersion: 2 }, vendor: 1, what: { purpose: 3 }, expected: yes('legitimateInterest') },
  { rule: 'LI for purpose 5 under policy 3 (pre-2.2)', gvl: V2, tc: { ...li(5, 1), policyVersion: 3 }, vendor: 1, what: { purpose: 5 }, expected: yes('legitimateInterest') },
  { rule: 'LI for purpose 7 under policy 4', gvl: V2, tc: { ...li(7, 1), policyVersion: 4 }, vendor: 1, what: { purpose: 7 }, expected: yes('legitimateInterest') },
  { rule: 'type 2 switching purpose 3 to LI under policy 4', gvl: V2, tc: { ...all(3, 9), policyVersion: 4, publisherRestrictions: [T(3, 2, [9])] }, vendor: 9, what: { purpose: 3 }, expected: no('LI_NOT_PERMITTED', 2) },
  { rule: 'type 2 switching purpose 3 to LI under policy 2', gvl: V2, tc: { ...li(3, 9), policyVersion: 2, publisherRestrictions: [T(3, 2, [9])] }, vendor: 9, what: { purpose: 3 }, expected: yes('legitimateInterest', 2) },
  { rule: 'LI never for purpose 1, even flexible under type 2, even policy 2', gvl: P1_FLEXIBLE, tc: { ...all(1, 1), policyVersion: 2, publisherRestrictions: [T(1, 2, [1])] }, vendor: 1, what: { purpose: 1 }, expected: no('LI_NOT_PERMITTED', 2) },
  // Purpose 1 and PurposeOneTreatment
  { rule: 'purpose 1 by consent', gvl: V3, tc: consent(1, 1), vendor: 1, what: { purpose: 1 }, expected: yes('consent') },
  { rule: 'PurposeOneTreatment: purpose 1 not allowed, whatever the bits', gvl: V3, tc: { ...consent(1, 1), purposeOneTreatment: true, publisherCountryCode: 'DE' }, vendor: 1, what: { purpose: 1 }, expected: no('PURPOSE_ONE_TREATMENT') },
  { rule: 'PurposeOneTreatment does not touch other purposes', gvl: V3, tc: { ...consent(2, 1), purposeOneTreatment: true }, vendor: 1, what: { purpose: 2 }, expected: yes('consent') },
  { rule: 'PurposeOneTreatment after type 0', gvl: V3, tc: { ...consent(1, 1), purposeOneTreatment: true, publisherRestrictions: [T(1, 0, [1])] }, vendor: 1, what: { purpose: 1 }, expected: no('RESTRICTED_NOT_ALLOWED', 0) },
  // The vendor and the GVL
  { rule: 'vendor not in the GVL', gvl: V3, tc: all(2, 6), vendor: 6, what: { purpose: 2 }, expected: no('VENDOR_NOT_IN_GVL') },
  { rule: 'vendor deleted from the GVL', gvl: V3, tc: all(2, 5), vendor: 5, what: { purpose: 2 }, expected: no('VENDOR_DELETED') },
  { rule: 'vendor deleted (v2 list)', gvl: V2, tc: { ...all(2, 3), policyVersion: 2 }, vendor: 3, what: { purpose: 2 }, expected: no('VENDOR_DELETED') },
  // TCF 2.3 disclosure
  { rule: 'policy 5, DisclosedVendors present, vendor absent', gvl: V3, tc: { ...consent(2, 1), segments: disclosedSegments, vendorsDisclosed: [2, 3] }, vendor: 1, what: { purpose: 2 }, expected: no('NOT_DISCLOSED') },
  { rule: 'policy 5, DisclosedVendors present, vendor disclosed', gvl: V3, tc: { ...consent(2, 1), segments: disclosedSegments, vendorsDisclosed: [1] }, vendor: 1, what: { purpose: 2 }, expected: yes('consent') },
  { rule: 'policy 4: DisclosedVendors not consulted', gvl: V3, tc: { ...consent(2, 1), policyVersion: 4, segments: disclosedSegments, vendorsDisclosed: [2] }, vendor: 1, what: { purpose: 2 }, expected: yes('consent') },
  { rule: "'auto': segment required from 2026-03-01", gvl: V3, tc: { ...consent(2, 1), created: '2026-03-01T00:00:00Z', lastUpdated: '2026-03-01T00:00:00Z' }, vendor: 1, what: { purpose: 2 }, expected: no('DISCLOSED_VENDORS_MISSING') },
  { rule: "'auto': not required on 2026-02-28", gvl: V3, tc: { ...consent(2, 1), lastUpdated: '2026-02-28T00:00:00Z' }, vendor: 1, what: { purpose: 2 }, expected: yes('consent') },
  { rule: "'required': missing segment blocks", gvl: V3, tc: consent(2, 1), vendor: 1, what: { purpose: 2 }, options: { disclosedVendors: 'required' }, expected: no('DISCLOSED_VENDORS_MISSING') },
  { rule: "'required' still needs policy >= 5", gvl: V3, tc: { ...consent(2, 1), policyVersion: 4 }, vendor: 1, what: { purpose: 2 }, options: { disclosedVendors: 'required' }, expected: yes('consent') },
  { rule: "'ifPresent': missing segment after 2026-03-01 is fine", gvl: V3, tc: { ...consent(2, 1), lastUpdated: '2026-03-02T00:00:00Z' }, vendor: 1, what: { purpose: 2 }, options: { disclosedVendors: 'ifPresent' }, expected: yes('consent') },
  { rule: "'ignore': an undisclosed vendor is judged on its bits", gvl: V3, tc: { ...consent(2, 1), segments: disclosedSegments, vendorsDisclosed: [2] }, vendor: 1, what: { purpose: 2 }, options: { disclosedVendors: 'ignore' }, expected: yes('consent') },
  { rule: 'deleted beats not disclosed', gvl: V3, tc: { ...consent(2, 5), segments: disclosedSegments }, vendor: 5, what: { purpose: 2 }, expected: no('VENDOR_DELETED') },
  // Special purposes
  { rule: 'special purpose declared', gvl: V3, tc: {}, vendor: 4, what: { specialPurpose: 1 }, expected: { allowed: true, reason: 'DECLARED' } },
  { rule: 'special purpose not declared', gvl: V3, tc: {}, vendor: 2, what: { specialPurpose: 2 }, expected: { allowed: false, reason: 'NOT_DECLARED' } },
  { rule: 'special purpose, policy 5, not disclosed', gvl: V3, tc: { segments: disclosedSegments, vendorsDisclosed: [1] }, vendor: 4, what: { specialPurpose: 1 }, expected: { allowed: false, reason: 'NOT_DISCLOSED' } },
  { rule: 'special purpose, policy 5, disclosed', gvl: V3, tc: { segments: disclosedSegments, vendorsDisclosed: [4] }, vendor: 4, what: { specialPurpose: 2 }, expected: { allowed: true, reason: 'DECLARED' } },
  { rule: 'special purpose, policy 4, not disclosed', gvl: V3, tc: { policyVersion: 4, segments: disclosedSegments }, vendor: 4, what: { specialPurpose: 2 }, expected: { allowed: true, reason: 'DECLARED' } },
  { rule: 'special purpose, deleted vendor', gvl: V3, tc: {}, vendor: 5, what: { specialPurpose: 1 }, expected: { allowed: false, reason: 'VENDOR_DELETED' } },
  { rule: 'special purpose, vendor not in the GVL', gvl: V3, tc: {}, vendor: 7, what: { specialPurpose: 1 }, expected: { allowed: false, reason: 'VENDOR_NOT_IN_GVL' } },
  // Special features
  { rule: 'special feature opted in and declared', gvl: V3, tc: { specialFeatureOptins: [2] }, vendor: 3, what: { specialFeature: 2 }, expected: { allowed: true, reason: 'OPTED_IN' } },
  { rule: 'special feature declared, not opted in', gvl: V3, tc: { specialFeatureOptins: [1] }, vendor: 3, what: { specialFeature: 2 }, expected: { allowed: false, reason: 'NOT_OPTED_IN' } },
  { rule: 'special feature opted in, not declared', gvl: V3, tc: { specialFeatureOptins: [1, 2] }, vendor: 2, what: { specialFeature: 1 }, expected: { allowed: false, reason: 'NOT_DECLARED' } },
  { rule: 'special feature, policy 5, not disclosed', gvl: V3, tc: { specialFeatureOptins: [1], segments: disclosedSegments }, vendor: 10, what: { specialFeature: 1 }, expected: { allowed: false, reason: 'NOT_DISCLOSED' } },
  { rule: 'special feature, vendor not in the GVL', gvl: V3, tc: { specialFeatureOptins: [1] }, vendor: 6, what: { specialFeature: 1 }, expected: { allowed: false, reason: 'VENDOR_NOT_IN_GVL' } },
];

interface PublisherRow {
  rule: string;
  tc: Partial<TCModelInput>;
  purpose: number;
  options?: Partial<DecidePublisherOptions>;
  expected: { allowed: boolean; basis: LegalBasis | null; reason: DecisionReason };
}

const pyes = (basis: LegalBasis) => ({ allowed: true, basis, reason: basis === 'consent' ? ('CONSENT' as const) : ('LEGITIMATE_INTEREST' as const) });
const pno = (reason: DecisionReason) => ({ allowed: false, basis: null, reason });

const PUBLISHER_ROWS: PublisherRow[] = [
  { rule: 'no PublisherTC segment', tc: { segments: ['core'], publisherConsents: [2] }, purpose: 2, expected: pno('PUBLISHER_TC_ABSENT') },
  { rule: 'publisher consent', tc: { publisherConsents: [2] }, purpose: 2, expected: pyes('consent') },
  { rule: 'publisher LI', tc: { publisherLegitimateInterests: [7] }, purpose: 7, expected: pyes('legitimateInterest') },
  { rule: 'neither signal', tc: { publisherConsents: [2] }, purpose: 7, expected: pno('NO_SIGNAL') },
  { rule: 'LI for purpose 3 under policy 5 does not count', tc: { publisherLegitimateInterests: [3] }, purpose: 3, expected: pno('NO_CONSENT') },
  { rule: 'LI for purpose 3 under policy 3 counts', tc: { policyVersion: 3, publisherLegitimateInterests: [3] }, purpose: 3, expected: pyes('legitimateInterest') },
  { rule: "basis 'legitimateInterest' on purpose 1", tc: { publisherLegitimateInterests: [1] }, purpose: 1, options: { basis: 'legitimateInterest' }, expected: pno('LI_NOT_PERMITTED') },
  { rule: "basis 'legitimateInterest': an objection wins over consent", tc: { publisherConsents: [7] }, purpose: 7, options: { basis: 'legitimateInterest' }, expected: pno('OBJECTED') },
  { rule: "basis 'consent': LI does not stand in", tc: { publisherLegitimateInterests: [7] }, purpose: 7, options: { basis: 'consent' }, expected: pno('NO_CONSENT') },
  { rule: "basis 'consent'", tc: { publisherConsents: [7] }, purpose: 7, options: { basis: 'consent' }, expected: pyes('consent') },
  { rule: 'PurposeOneTreatment', tc: { publisherConsents: [1], purposeOneTreatment: true }, purpose: 1, expected: pno('PURPOSE_ONE_TREATMENT') },
  { rule: 'custom purpose above NumCustomPurposes', tc: { numCustomPurposes: 2, publisherCustomConsents: [1, 2] }, purpose: 3, options: { custom: true }, expected: pno('NOT_DECLARED') },
  { rule: 'custom purpose consent', tc: { numCustomPurposes: 2, publisherCustomConsents: [2] }, purpose: 2, options: { custom: true }, expected: pyes('consent') },
  { rule: 'custom purpose 4 by LI (no 3–6 rule for custom ids)', tc: { numCustomPurposes: 4, publisherCustomLegitimateInterests: [4] }, purpose: 4, options: { custom: true }, expected: pyes('legitimateInterest') },
  { rule: 'custom purpose 1 and PurposeOneTreatment are unrelated', tc: { numCustomPurposes: 1, publisherCustomConsents: [1], purposeOneTreatment: true }, purpose: 1, options: { custom: true }, expected: pyes('consent') },
];

function pick(d: ReturnType<typeof decide>, what: What) {
  if ('purpose' in what) return d.purposes.find((p) => p.purposeId === what.purpose)!;
  if ('specialPurpose' in what) return d.specialPurposes.find((p) => p.specialPurposeId === what.specialPurpose)!;
  return d.specialFeatures.find((p) => p.specialFeatureId === what.specialFeature)!;
}

describe('decide: decision table', () => {
  it.each(ROWS.map((r) => [r.rule, r] as const))('%s', (_rule, row) => {
    const d = decide(tcOf(row.tc), row.gvl, row.vendor, row.options);
    const got = pick(d, row.what);
    expect(got).toMatchObject(row.expected);
  });

  it.each(PUBLISHER_ROWS.map((r) => [r.rule, r] as const))('publisher: %s', (_rule, row) => {
    expect(decidePublisher(tcOf(row.tc), row.purpose, row.options)).toEqual({ purposeId: row.purpose, custom: row.options?.custom ?? false, ...row.expected });
  });

  it('covers every reason code', () => {
    // A Record over the union: the compiler rejects a missing or unknown code.
    const every: Record<DecisionReason, true> = {
      CONSENT: true,
      LEGITIMATE_INTEREST: true,
      DECLARED: true,
      OPTED_IN: true,
      NO_CONSENT: true,
      OBJECTED: true,
      NOT_OPTED_IN: true,
      NOT_DECLARED: true,
      RESTRICTED_NOT_ALLOWED: true,
      RESTRICTION_MISMATCH: true,
      LI_NOT_PERMITTED: true,
      PURPOSE_ONE_TREATMENT: true,
      VENDOR_NOT_IN_GVL: true,
      VENDOR_DELETED: true,
      NOT_DISCLOSED: true,
      DISCLOSED_VENDORS_MISSING: true,
      PUBLISHER_TC_ABSENT: true,
      NO_SIGNAL: true,
    };
    const seen = new Set([...ROWS.map((r) => r.expected.reason), ...PUBLISHER_ROWS.map((r) => r.expected.reason)]);
    expect([...seen].sort()).toEqual(Object.keys(every).sort());
  });
});

describe('decide: result shape', () => {
  it('lists purposes 1–11, the GVL special purposes and features, frozen, with context and warnings', () => {
    const tc = tcOf({ isServiceSpecific: false, vendorListVersion: 149, policyVersion: 4, purposeOneTreatment: true, publisherCountryCode: 'DE' });
    const d = decide(tc, V3, 3);
    expect(d.vendorId).toBe(3);
    expect(d.vendorName).toBe('Flexible Exchange');
    expect(d.purposes.map((p) => p.purposeId)).toEqual(range(1, 11));
    expect(d.specialPurposes.map((p) => p.specialPurposeId)).toEqual([1, 2]);
    expect(d.specialFeatures.map((p) => p.specialFeatureId)).toEqual([1, 2]);
    expect(d.purposeOneTreatment).toBe(true);
    expect(d.publisherCountryCode).toBe('DE');
    expect(d.disclosed).toBe(null);
    expect(d.warnings).toEqual(['NOT_SERVICE_SPECIFIC', 'VENDOR_LIST_VERSION_MISMATCH', 'POLICY_VERSION_MISMATCH']);
    expect(Object.isFrozen(d) && Object.isFrozen(d.purposes) && Object.isFrozen(d.purposes[0])).toBe(true);
    expect(decide(tcOf({}), V3, 3).warnings).toEqual([]);
    // A v2 list still gets 1–11, 11 never declared.
    expect(decide(tcOf({ policyVersion: 2 }), V2, 9).purposes.map((p) => p.purposeId)).toEqual(range(1, 11));
    expect(decide(tcOf({}), V3, 6).vendorName).toBe(null);
    expect(decide(tcOf({ segments: disclosedSegments, vendorsDisclosed: [3] }), V3, 3).disclosed).toBe(true);
    expect(decide(tcOf({ segments: disclosedSegments }), V3, 3).disclosed).toBe(false);
  });

  it('takes any input with has(): Sets instead of a decoded model', () => {
    const tc = tcOf({ ...all(2, 3), publisherRestrictions: [T(2, 1, [3])] });
    const json = JSON.parse(JSON.stringify(tc)) as Record<string, unknown>;
    const sets: DecisionInput = {
      ...(json as unknown as DecisionInput),
      lastUpdated: new Date(json.lastUpdated as string),
      specialFeatureOptins: new Set(json.specialFeatureOptins as number[]),
      purposeConsents: new Set(json.purposeConsents as number[]),
      purposeLegitimateInterests: new Set(json.purposeLegitimateInterests as number[]),
      vendorConsents: new Set(json.vendorConsents as number[]),
      vendorLegitimateInterests: new Set(json.vendorLegitimateInterests as number[]),
      vendorsDisclosed: new Set(json.vendorsDisclosed as number[]),
      publisherRestrictions: (json.publisherRestrictions as { purposeId: number; restrictionType: number; vendorIds: number[] }[]).map((r) => ({ ...r, vendorIds: new Set(r.vendorIds) })),
    };
    expect(decide(sets, V3, 3)).toEqual(decide(tc, V3, 3));
  });

  it('throws INVALID_VALUE for a bad vendor id, option, restriction type or publisher purpose id', () => {
    const tc = tcOf({});
    const bad = [
      () => decide(tc, V3, 0),
      () => decide(tc, V3, 65536),
      () => decide(tc, V3, 1.5),
      () => decide(tc, V3, 1, { disclosedVendors: 'always' as 'auto' }),
      () => decide({ ...tc, publisherRestrictions: [{ purposeId: 2, restrictionType: 3, vendorIds: new Set([1]) }] }, V3, 1),
      () => decidePublisher(tc, 25),
      () => decidePublisher(tc, 0, { custom: true }),
      () => decidePublisher(tc, 64, { custom: true }),
      () => decidePublisher(tc, 2, { basis: 'contract' as 'consent' }),
      // JSON form (arrays, no has()) and missing fields.
      () => decide(JSON.parse(JSON.stringify(tc)) as DecisionInput, V3, 1),
      () => decide({ ...tc, segments: undefined } as unknown as DecisionInput, V3, 1),
      () => decide(null as unknown as DecisionInput, V3, 1),
      () => decide({ ...tc, publisherRestrictions: [{ purposeId: 2, restrictionType: 0, vendorIds: [1] }] } as unknown as DecisionInput, V3, 1),
      () => decidePublisher({ ...tc, numCustomPurposes: '2' } as unknown as TCModel, 2),
    ];
    for (const f of bad) {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(isTCStringError(caught) && caught.code === 'INVALID_VALUE').toBe(true);
    }
  });
});

describe('decide: properties over generated GVLs and models', () => {
  const SEGMENTS: SegmentName[][] = [['core'], ['core', 'vendorsDisclosed'], ['core', 'vendorsDisclosed', 'publisherTC'], ['core', 'publisherTC']];
  const arb = fc.record({
    gm: gvlAndModelArb,
    segments: fc.constantFrom(...SEGMENTS),
    mode: fc.constantFrom<DecideOptions['disclosedVendors']>('auto', 'required', 'ifPresent', 'ignore'),
    extra: fc.uniqueArray(fc.integer({ min: 1, max: 2100 }), { maxLength: 4 }),
  });

  it('objections, type 0 restrictions, absent and deleted vendors, and the basis invariants (1000 models)', () => {
    let liAllowed = 0;
    let type0 = 0;
    let absent = 0;
    fc.assert(
      fc.property(arb, ({ gm: { gvl: json, model }, segments, mode, extra }) => {
        const gvl = parseGVL(json);
        const tc = decode(encode(model, { segments }));
        const vendorIds = [...new Set([...gvl.vendorIds, ...extra])];
        for (const v of vendorIds) {
          const d = decide(tc, gvl, v, { disclosedVendors: mode });
          const vendor = gvl.vendors[v];
          const gone = vendor === undefined || vendor.deletedDate !== null;
          if (gone) {
            absent++;
            // A vendor absent from the GVL, or deleted, is never allowed anything.
            expect([...d.purposes, ...d.specialPurposes, ...d.specialFeatures].some((x) => x.allowed)).toBe(false);
          }
          for (const p of d.purposes) {
            expect(p.allowed).toBe(p.basis !== null);
            if (p.basis === 'legitimateInterest') {
              liAllowed++;
              // An objection (either LI bit 0) never yields an LI-based allowance.
              expect(tc.purposeLegitimateInterests.has(p.purposeId) && tc.vendorLegitimateInterests.has(v)).toBe(true);
              expect(p.purposeId !== 1 && !(tc.policyVersion >= 4 && p.purposeId >= 3 && p.purposeId <= 6)).toBe(true);
            }
            if (p.basis === 'consent') expect(tc.purposeConsents.has(p.purposeId) && tc.vendorConsents.has(v)).toBe(true);
            const type0Here = tc.publisherRestrictions.some((r) => r.restrictionType === 0 && r.purposeId === p.purposeId && r.vendorIds.has(v));
            if (type0Here) {
              type0++;
              // Restriction type 0 never yields any allowance.
              expect(p.allowed).toBe(false);
            }
            if (p.allowed) {
              expect(gone).toBe(false);
              expect([...vendor!.purposes, ...vendor!.legIntPurposes]).toContain(p.purposeId);
              if (p.purposeId === 1) expect(tc.purposeOneTreatment).toBe(false);
            }
          }
          // TCF 2.3: a vendor absent from a DisclosedVendors segment of a policy >= 5 string gets nothing.
          if (mode !== 'ignore' && tc.policyVersion >= 5 && tc.segments.includes('vendorsDisclosed') && !tc.vendorsDisclosed.has(v)) {
            expect([...d.purposes, ...d.specialPurposes, ...d.specialFeatures].some((x) => x.allowed)).toBe(false);
          }
        }
      }),
      { numRuns: 1000 },
    );
    // The generators reach the cases the properties are about.
    expect(liAllowed).toBeGreaterThan(100);
    expect(type0).toBeGreaterThan(100);
    expect(absent).toBeGreaterThan(100);
  });

  it('the decision does not depend on restriction order or duplicates (lowest type wins)', () => {
    fc.assert(
      fc.property(gvlAndModelArb, ({ gvl: json, model }) => {
        const gvl = parseGVL(json);
        const a = decode(encode(model));
        const reversed = decode(encode({ ...model, publisherRestrictions: [...model.publisherRestrictions].reverse().concat(model.publisherRestrictions) }));
        for (const v of gvl.vendorIds) expect(decide(reversed, gvl, v)).toEqual(decide(a, gvl, v));
      }),
      { numRuns: 200 },
    );
  });
});
