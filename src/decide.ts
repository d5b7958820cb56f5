import { TCStringError, type SegmentName } from './errors.js';
import { checkGVL, type GlobalVendorList, type GVLVendor } from './gvl.js';
import { ID_SET_FIELDS } from './layout.js';

/** A legal basis under which a purpose may be processed. */
export type LegalBasis = 'consent' | 'legitimateInterest';

/**
 * Why a decision came out as it did. Allowed: `CONSENT`, `LEGITIMATE_INTEREST`, `DECLARED`
 * (special purpose), `OPTED_IN` (special feature). Every other code means not allowed; the
 * rules in {@link decide} say which check yields which code.
 */
export type DecisionReason =
  | 'CONSENT'
  | 'LEGITIMATE_INTEREST'
  | 'DECLARED'
  | 'OPTED_IN'
  | 'NO_CONSENT'
  | 'OBJECTED'
  | 'NOT_OPTED_IN'
  | 'NOT_DECLARED'
  | 'RESTRICTED_NOT_ALLOWED'
  | 'RESTRICTION_MISMATCH'
  | 'LI_NOT_PERMITTED'
  | 'PURPOSE_ONE_TREATMENT'
  | 'VENDOR_NOT_IN_GVL'
  | 'VENDOR_DELETED'
  | 'NOT_DISCLOSED'
  | 'DISCLOSED_VENDORS_MISSING'
  | 'PUBLISHER_TC_ABSENT'
  | 'NO_SIGNAL';

/** Facts about the string and the GVL that do not change any decision but deserve a look. */
export type DecisionWarning =
  /** IsServiceSpecific is 0: a global-scope string, invalid for vendors since Sep 2021 (§2.3). */
  | 'NOT_SERVICE_SPECIFIC'
  /** The string's VendorListVersion is not the GVL's vendorListVersion. */
  | 'VENDOR_LIST_VERSION_MISMATCH'
  /** The string's TcfPolicyVersion is not the GVL's tcfPolicyVersion. */
  | 'POLICY_VERSION_MISMATCH';

/** The decision for one purpose. `allowed` is true exactly when `basis` is not null. */
export interface PurposeDecision {
  readonly purposeId: number;
  readonly allowed: boolean;
  readonly basis: LegalBasis | null;
  readonly reason: DecisionReason;
  /** The publisher restriction type that applies to this vendor and purpose (the lowest of several), or null. */
  readonly restrictionType: 0 | 1 | 2 | null;
}

/** The decision for one special purpose (no consent or objection exists for these). */
export interface SpecialPurposeDecision {
  readonly specialPurposeId: number;
  readonly allowed: boolean;
  readonly reason: DecisionReason;
}

/** The decision for one special feature: opted in by the user and declared by the vendor. */
export interface SpecialFeatureDecision {
  readonly specialFeatureId: number;
  readonly allowed: boolean;
  readonly reason: DecisionReason;
}

/** Everything {@link decide} concludes for one vendor. */
export interface VendorDecisions {
  readonly vendorId: number;
  /** The vendor's name in the GVL, or null when it is not in the GVL. */
  readonly vendorName: string | null;
  /** Purposes 1–11 (and any further purpose the GVL defines), ascending. */
  readonly purposes: readonly PurposeDecision[];
  /** The GVL's special purposes, ascending. */
  readonly specialPurposes: readonly SpecialPurposeDecision[];
  /** The GVL's special features, ascending. */
  readonly specialFeatures: readonly SpecialFeatureDecision[];
  /** Whether the vendor is in DisclosedVendors; null when the disclosure rule does not apply. */
  readonly disclosed: boolean | null;
  /** The string's PurposeOneTreatment, recorded for purpose 1 (see {@link decide}). */
  readonly purposeOneTreatment: boolean;
  /** The string's PublisherCC, recorded for purpose 1 (see {@link decide}). */
  readonly publisherCountryCode: string;
  readonly warnings: readonly DecisionWarning[];
}

/** Anything with a `has(id)`: an `IdSet` of a decoded model, a `Set<number>`… */
export interface IdLookup {
  has(id: number): boolean;
}

/** What {@link decide} reads of a TC model: a decoded `TCModel` fits, as does any object with these fields. */
export interface DecisionInput {
  readonly lastUpdated: Date;
  readonly vendorListVersion: number;
  readonly policyVersion: number;
  readonly isServiceSpecific: boolean;
  readonly specialFeatureOptins: IdLookup;
  readonly purposeConsents: IdLookup;
  readonly purposeLegitimateInterests: IdLookup;
  readonly purposeOneTreatment: boolean;
  readonly publisherCountryCode: string;
  readonly vendorConsents: IdLookup;
  readonly vendorLegitimateInterests: IdLookup;
  readonly publisherRestrictions: readonly { readonly purposeId: number; readonly restrictionType: number; readonly vendorIds: IdLookup }[];
  readonly vendorsDisclosed: IdLookup;
  readonly segments: readonly SegmentName[];
}

/** What {@link decidePublisher} reads of a TC model. */
export interface PublisherDecisionInput {
  readonly policyVersion: number;
  readonly purposeOneTreatment: boolean;
  readonly publisherConsents: IdLookup;
  readonly publisherLegitimateInterests: IdLookup;
  readonly numCustomPurposes: number;
  readonly publisherCustomConsents: IdLookup;
  readonly publisherCustomLegitimateInterests: IdLookup;
  readonly segments: readonly SegmentName[];
}

/** Options of {@link decide}. */
export interface DecideOptions {
  /**
   * When the TCF 2.3 disclosure rule applies (only ever to strings with TcfPolicyVersion >= 5):
   * - `'auto'` (default): as `'required'` for strings last updated on or after
   *   {@link DISCLOSED_VENDORS_REQUIRED_FROM}, as `'ifPresent'` before;
   * - `'required'`: the DisclosedVendors segment must be there; without it nothing is allowed;
   * - `'ifPresent'`: checked only when the string has the segment;
   * - `'ignore'`: never checked.
   */
  disclosedVendors: 'auto' | 'required' | 'ifPresent' | 'ignore';
}

/** The defaults of {@link DecideOptions}. */
export const DECIDE_DEFAULTS: Readonly<DecideOptions> = /* @__PURE__ */ Object.freeze({ disclosedVendors: 'auto' });

/**
 * First day on which TCF 2.3 makes the DisclosedVendors segment mandatory: strings created after
 * 28 Feb 2026 (IAB Europe guidance as reported in third-party threads, shared/tcf-format.md §2.1).
 */
export const DISCLOSED_VENDORS_REQUIRED_FROM = '2026-03-01T00:00:00Z';

/** Purposes every decision covers even when the GVL (spec v2 has 1–10) defines fewer. */
const STANDARD_PURPOSES = 11;

/** Largest vendor id a TC string can hold. */
const MAX_VENDOR_ID = 65535;

function invalid(field: string, message: string): TCStringError {
  return new TCStringError('INVALID_VALUE', message, { field });
}

function checkId(v: unknown, field: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw invalid(field, `must be an integer in 1–${max}, got ${typeof v === 'number' ? v : typeof v}`);
  }
  return v;
}

/** The sets decide reads: the core's and vendorsDisclosed (the id-set fields up to vendorsAllowed). */
const LOOKUPS = /* @__PURE__ */ ID_SET_FIELDS.slice(0, /* @__PURE__ */ ID_SET_FIELDS.indexOf('vendorsAllowed'));
/** The sets publisher decisions read: PublisherTC's four. */
const PUBLISHER_LOOKUPS = /* @__PURE__ */ ID_SET_FIELDS.slice(/* @__PURE__ */ ID_SET_FIELDS.indexOf('publisherConsents'));

/** Checks the shape of what is read, so a wrong argument throws our error rather than a TypeError. */
function checkInput(tc: unknown, lookups: readonly string[], numbers: readonly string[]): void {
  if (typeof tc !== 'object' || tc === null) throw invalid('tc', 'must be a decoded TC model');
  const m = tc as Record<string, unknown>;
  for (const key of lookups) {
    const v = m[key];
    if (typeof v !== 'object' || v === null || typeof (v as IdLookup).has !== 'function') throw invalid(key, 'must be a set of ids (with has())');
  }
  for (const key of numbers) if (typeof m[key] !== 'number') throw invalid(key, 'must be a number');
  if (!Array.isArray(m.segments)) throw invalid('segments', 'must be an array of segment names');
}

/** Whether LI may be a legal basis for `purposeId` under a policy version: never for purpose 1, and not for 3–6 from TCF 2.2. */
function liPermitted(purposeId: number, policyVersion: number): boolean {
  return purposeId !== 1 && !(policyVersion >= 4 && purposeId >= 3 && purposeId <= 6);
}

/** The lowest restriction type a publisher set for this vendor and purpose (the reference's getRestrictionType), or null. */
function restrictionFor(tc: DecisionInput, vendorId: number, purposeId: number): 0 | 1 | 2 | null {
  let lowest: 0 | 1 | 2 | null = null;
  const list = tc.publisherRestrictions;
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.purposeId !== purposeId) continue;
    const t = r.restrictionType;
    if (t !== 0 && t !== 1 && t !== 2) {
      throw invalid(`publisherRestrictions[${i}].restrictionType`, `must be 0, 1 or 2, got ${String(t)}`);
    }
    if (typeof r.vendorIds?.has !== 'function') throw invalid(`publisherRestrictions[${i}].vendorIds`, 'must be a set of ids (with has())');
    if ((lowest === null || t < lowest) && r.vendorIds.has(vendorId)) lowest = t;
  }
  return lowest;
}

/**
 * Whether the disclosure rule of TCF 2.3 settles this vendor: `null` when it does not apply,
 * otherwise true (disclosed) or false, and the reason when false.
 */
function disclosure(tc: DecisionInput, vendorId: number, mode: DecideOptions['disclosedVendors']): { disclosed: boolean | null; reason: DecisionReason | null } {
  if (mode === 'ignore' || !(tc.policyVersion >= 5)) return { disclosed: null, reason: null };
  const present = tc.segments.indexOf('vendorsDisclosed') >= 0;
  const required =
    mode === 'required' || (mode === 'auto' && tc.lastUpdated instanceof Date && tc.lastUpdated.getTime() >= Date.parse(DISCLOSED_VENDORS_REQUIRED_FROM));
  if (!present) return required ? { disclosed: false, reason: 'DISCLOSED_VENDORS_MISSING' } : { disclosed: null, reason: null };
  const disclosed = tc.vendorsDisclosed.has(vendorId);
  return { disclosed, reason: disclosed ? null : 'NOT_DISCLOSED' };
}

function purposeDecision(purposeId: number, basis: LegalBasis | null, reason: DecisionReason, restrictionType: 0 | 1 | 2 | null): PurposeDecision {
  return Object.freeze({ purposeId, allowed: basis !== null, basis, reason, restrictionType });
}

/** The decision for one purpose of a vendor that is in the GVL, not deleted, and disclosed when that matters. */
function decidePurpose(tc: DecisionInput, vendor: GVLVendor, purposeId: number): PurposeDecision {
  const restriction = restrictionFor(tc, vendor.id, purposeId);
  const declared: LegalBasis | null =
    vendor.purposes.indexOf(purposeId) >= 0 ? 'consent' : vendor.legIntPurposes.indexOf(purposeId) >= 0 ? 'legitimateInterest' : null;
  if (declared === null) return purposeDecision(purposeId, null, 'NOT_DECLARED', restriction);
  if (restriction === 0) return purposeDecision(purposeId, null, 'RESTRICTED_NOT_ALLOWED', restriction);

  let basis: LegalBasis = declared;
  if (restriction !== null) {
    const wanted: LegalBasis = restriction === 1 ? 'consent' : 'legitimateInterest';
    if (vendor.flexiblePurposes.indexOf(purposeId) >= 0) basis = wanted;
    // Not flexible: a restriction asking for the declared basis changes nothing; one asking for
    // the other basis cannot be met, so the vendor must not process (§6 table).
    else if (wanted !== declared) return purposeDecision(purposeId, null, 'RESTRICTION_MISMATCH', restriction);
  }

  if (basis === 'legitimateInterest') {
    if (!liPermitted(purposeId, tc.policyVersion)) return purposeDecision(purposeId, null, 'LI_NOT_PERMITTED', restriction);
    // Both LI bits must be 1: a 0 in either is the user's objection, and an objection wins (no
    // fall-back to consent exists).
    return tc.purposeLegitimateInterests.has(purposeId) && tc.vendorLegitimateInterests.has(vendor.id)
      ? purposeDecision(purposeId, 'legitimateInterest', 'LEGITIMATE_INTEREST', restriction)
      : purposeDecision(purposeId, null, 'OBJECTED', restriction);
  }
  if (purposeId === 1 && tc.purposeOneTreatment) return purposeDecision(purposeId, null, 'PURPOSE_ONE_TREATMENT', restriction);
  return tc.purposeConsents.has(purposeId) && tc.vendorConsents.has(vendor.id)
    ? purposeDecision(purposeId, 'consent', 'CONSENT', restriction)
    : purposeDecision(purposeId, null, 'NO_CONSENT', restriction);
}

/**
 * Decides, for one vendor, whether it may process each purpose (and on which legal basis), each
 * special purpose and each special feature, from a decoded TC string and the GVL. Pure: reads
 * only its arguments.
 *
 * Purposes 1–11 (plus any further GVL purpose). The first rule that applies decides:
 * 1. the vendor is not in the GVL → `VENDOR_NOT_IN_GVL`; it has a `deletedDate` → `VENDOR_DELETED`;
 * 2. TCF 2.3 disclosure, only for TcfPolicyVersion >= 5 (see {@link DecideOptions}): the vendor is
 *    not in DisclosedVendors → `NOT_DISCLOSED`; the segment is required but absent →
 *    `DISCLOSED_VENDORS_MISSING`;
 * 3. the vendor declares the purpose under neither consent nor legitimate interest →
 *    `NOT_DECLARED` (whatever the restrictions say: "not registered → not process");
 * 4. a publisher restriction of type 0 covers the vendor and purpose → `RESTRICTED_NOT_ALLOWED`.
 *    When several restrictions cover it, the lowest type applies (as the reference's
 *    `getRestrictionType`), so type 0 beats 1 and 2, and 1 beats 2;
 * 5. the basis is the declared one, unless a restriction of type 1 (require consent) or 2
 *    (require LI) applies: for a flexible purpose it switches the basis; for a non-flexible one it
 *    is ignored when it asks for the declared basis, and otherwise → `RESTRICTION_MISMATCH`;
 * 6. LI basis: never for purpose 1, nor for purposes 3–6 when the string's TcfPolicyVersion is
 *    >= 4 (TCF 2.2) → `LI_NOT_PERMITTED`; otherwise allowed (`LEGITIMATE_INTEREST`) only when the
 *    purpose's LI bit and the vendor's LI bit are both 1; a 0 in either is an objection →
 *    `OBJECTED`. An objection is never overridden by consent bits;
 * 7. consent basis: for purpose 1 when PurposeOneTreatment is 1 → `PURPOSE_ONE_TREATMENT` (purpose 1
 *    was not disclosed, so no consent can exist; whether the vendor needs it depends on the law of
 *    the publisher's country, PublisherCC, which the library does not judge); otherwise allowed
 *    (`CONSENT`) only when the purpose's consent bit and the vendor's consent bit are both 1 →
 *    else `NO_CONSENT`.
 *
 * PurposeOneTreatment and PublisherCC are also copied into the result as they are; PublisherCC
 * changes no decision.
 *
 * Special purposes (the GVL's): rules 1–2, then allowed (`DECLARED`) when the vendor declares it,
 * else `NOT_DECLARED`; there is no consent or objection for them. Special features (the GVL's):
 * rules 1–2, then `NOT_DECLARED` when the vendor does not declare it, else allowed (`OPTED_IN`)
 * when the user's SpecialFeatureOptIns bit is 1, else `NOT_OPTED_IN`.
 *
 * @throws {TCStringError} INVALID_VALUE for a vendor id outside 1–65535, a restriction type other
 * than 0–2, or a `tc` without the fields read (sets with `has`, numbers, `segments`).
 * @example
 * const d = decide(decode(tcString), parseGVL(vendorListJson), 8);
 * d.purposes[1]; // { purposeId: 2, allowed: true, basis: 'legitimateInterest', reason: 'LEGITIMATE_INTEREST', restrictionType: null }
 */
export function decide(tc: DecisionInput, gvl: GlobalVendorList, vendorId: number, options?: Partial<DecideOptions>): VendorDecisions {
  checkGVL(gvl);
  checkId(vendorId, 'vendorId', MAX_VENDOR_ID);
  checkInput(tc, LOOKUPS, ['policyVersion', 'vendorListVersion']);
  if (!Array.isArray(tc.publisherRestrictions)) throw invalid('publisherRestrictions', 'must be an array');
  const mode = options?.disclosedVendors ?? DECIDE_DEFAULTS.disclosedVendors;
  if (mode !== 'auto' && mode !== 'required' && mode !== 'ifPresent' && mode !== 'ignore') {
    throw invalid('options.disclosedVendors', `must be 'auto', 'required', 'ifPresent' or 'ignore'`);
  }
  const vendor = gvl.vendors[vendorId];
  let blocked: DecisionReason | null = null;
  let disclosed: boolean | null = null;
  if (vendor === undefined) blocked = 'VENDOR_NOT_IN_GVL';
  else if (vendor.deletedDate !== null) blocked = 'VENDOR_DELETED';
  else {
    const d = disclosure(tc, vendorId, mode);
    disclosed = d.disclosed;
    blocked = d.reason;
  }

  const purposeIds: number[] = [];
  for (let p = 1; p <= STANDARD_PURPOSES; p++) purposeIds.push(p);
  for (const e of gvl.purposes) if (e.id > STANDARD_PURPOSES) purposeIds.push(e.id);

  const purposes = purposeIds.map((p) =>
    blocked !== null || vendor === undefined ? purposeDecision(p, null, blocked ?? 'VENDOR_NOT_IN_GVL', restrictionFor(tc, vendorId, p)) : decidePurpose(tc, vendor, p),
  );
  const specialPurposes = gvl.specialPurposes.map((e): SpecialPurposeDecision => {
    const reason: DecisionReason = blocked ?? (vendor!.specialPurposes.indexOf(e.id) >= 0 ? 'DECLARED' : 'NOT_DECLARED');
    return Object.freeze({ specialPurposeId: e.id, allowed: reason === 'DECLARED', reason });
  });
  const specialFeatures = gvl.specialFeatures.map((e): SpecialFeatureDecision => {
    const reason: DecisionReason =
      blocked ?? (vendor!.specialFeatures.indexOf(e.id) < 0 ? 'NOT_DECLARED' : tc.specialFeatureOptins.has(e.id) ? 'OPTED_IN' : 'NOT_OPTED_IN');
    return Object.freeze({ specialFeatureId: e.id, allowed: reason === 'OPTED_IN', reason });
  });

  const warnings: DecisionWarning[] = [];
  if (!tc.isServiceSpecific) warnings.push('NOT_SERVICE_SPECIFIC');
  if (tc.vendorListVersion !== gvl.vendorListVersion) warnings.push('VENDOR_LIST_VERSION_MISMATCH');
  if (tc.policyVersion !== gvl.tcfPolicyVersion) warnings.push('POLICY_VERSION_MISMATCH');

  return Object.freeze({
    vendorId,
    vendorName: vendor === undefined ? null : vendor.name,
    purposes: Object.freeze(purposes),
    specialPurposes: Object.freeze(specialPurposes),
    specialFeatures: Object.freeze(specialFeatures),
    disclosed,
    purposeOneTreatment: tc.purposeOneTreatment,
    publisherCountryCode: tc.publisherCountryCode,
    warnings: Object.freeze(warnings),
  });
}

/** The decision for one of the publisher's own purposes. */
export interface PublisherPurposeDecision {
  readonly purposeId: number;
  /** True for a custom purpose (PublisherTC's custom purpose ids 1..NumCustomPurposes). */
  readonly custom: boolean;
  readonly allowed: boolean;
  readonly basis: LegalBasis | null;
  readonly reason: DecisionReason;
}

/** Options of {@link decidePublisher}. */
export interface DecidePublisherOptions {
  /** Decide a custom purpose (1..NumCustomPurposes) instead of a TCF purpose. Default false. */
  custom: boolean;
  /**
   * The basis the publisher declared for this purpose. Given, the decision follows the vendor
   * rules for that basis (an LI 0 is an objection, consent bits are then not consulted). Not
   * given (default), either signal allows: consent first, then LI.
   */
  basis: LegalBasis | undefined;
}

/**
 * Decides whether the publisher itself may process one of its purposes, from the PublisherTC
 * segment (publisher restrictions and the GVL concern vendors only, so they play no part):
 * 1. no PublisherTC segment in the string → `PUBLISHER_TC_ABSENT`;
 * 2. a custom purpose above NumCustomPurposes → `NOT_DECLARED`;
 * 3. purpose 1 (not custom) when PurposeOneTreatment is 1 → `PURPOSE_ONE_TREATMENT`;
 * 4. with `basis: 'consent'`: PubPurposesConsent (or CustomPurposesConsent) bit 1 → `CONSENT`,
 *    else `NO_CONSENT`;
 * 5. with `basis: 'legitimateInterest'`: purpose 1, or 3–6 under TcfPolicyVersion >= 4 (TCF
 *    purposes only, not custom ones) → `LI_NOT_PERMITTED`; the LI bit 1 →
 *    `LEGITIMATE_INTEREST`, else `OBJECTED`;
 * 6. without `basis`: consent bit 1 → `CONSENT`; else LI permitted (as in 5) and LI bit 1 →
 *    `LEGITIMATE_INTEREST`; else `NO_CONSENT` when LI is not permitted, `NO_SIGNAL` when it is.
 *
 * @throws {TCStringError} INVALID_VALUE for a purpose id outside 1–24 (custom: 1–63), or a `tc`
 * without the fields read.
 * @example
 * decidePublisher(decode(tcString), 7); // { purposeId: 7, custom: false, allowed: …, basis: …, reason: … }
 */
export function decidePublisher(tc: PublisherDecisionInput, purposeId: number, options?: Partial<DecidePublisherOptions>): PublisherPurposeDecision {
  const custom = options?.custom ?? false;
  const wanted = options?.basis;
  if (wanted !== undefined && wanted !== 'consent' && wanted !== 'legitimateInterest') {
    throw invalid('options.basis', `must be 'consent' or 'legitimateInterest'`);
  }
  checkId(purposeId, 'purposeId', custom ? 63 : 24);
  checkInput(tc, PUBLISHER_LOOKUPS, ['policyVersion', 'numCustomPurposes']);
  const result = (basis: LegalBasis | null, reason: DecisionReason): PublisherPurposeDecision =>
    Object.freeze({ purposeId, custom, allowed: basis !== null, basis, reason });
  if (tc.segments.indexOf('publisherTC') < 0) return result(null, 'PUBLISHER_TC_ABSENT');
  if (custom && purposeId > tc.numCustomPurposes) return result(null, 'NOT_DECLARED');
  if (!custom && purposeId === 1 && tc.purposeOneTreatment) return result(null, 'PURPOSE_ONE_TREATMENT');
  const consent = custom ? tc.publisherCustomConsents.has(purposeId) : tc.publisherConsents.has(purposeId);
  const li = custom ? tc.publisherCustomLegitimateInterests.has(purposeId) : tc.publisherLegitimateInterests.has(purposeId);
  const liAllowed = custom || liPermitted(purposeId, tc.policyVersion);
  if (wanted === 'consent') return consent ? result('consent', 'CONSENT') : result(null, 'NO_CONSENT');
  if (wanted === 'legitimateInterest') {
    if (!liAllowed) return result(null, 'LI_NOT_PERMITTED');
    return li ? result('legitimateInterest', 'LEGITIMATE_INTEREST') : result(null, 'OBJECTED');
  }
  if (consent) return result('consent', 'CONSENT');
  if (liAllowed && li) return result('legitimateInterest', 'LEGITIMATE_INTEREST');
  return result(null, liAllowed ? 'NO_SIGNAL' : 'NO_CONSENT');
}
