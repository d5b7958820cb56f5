import { TCStringError, type SegmentName } from './errors.js';
import { checkGVL, type GlobalVendorList, type GVLVendor } from './gvl.js';
import { IdSet } from './id-set.js';
import type { DateInput, TCModelInput } from './model.js';
import { describe, MAX_ID, MAX_LIST, own } from './untrusted.js';
import { ID_SET_FIELDS } from './layout.js';

/** A publisher restriction in the JSON form. */
export interface PolicyRestriction {
  readonly purposeId: number;
  readonly restrictionType: 0 | 1 | 2;
  readonly vendorIds: readonly number[];
}

/**
 * What {@link applyPolicy} returns: a new, plain model in the JSON form (id sets as ascending
 * arrays), which `encode` accepts. Fields the input left out stay out, so `encode`'s defaults
 * apply to them.
 */
export interface PolicyModel extends TCModelInput {
  readonly version: 2;
  readonly created: DateInput;
  readonly lastUpdated: DateInput;
  readonly consentLanguage: string;
  readonly vendorListVersion: number;
  readonly policyVersion: number;
  readonly isServiceSpecific: boolean;
  readonly specialFeatureOptins: readonly number[];
  readonly purposeConsents: readonly number[];
  readonly purposeLegitimateInterests: readonly number[];
  readonly vendorConsents: readonly number[];
  readonly vendorLegitimateInterests: readonly number[];
  readonly publisherRestrictions: readonly PolicyRestriction[];
  readonly vendorsDisclosed: readonly number[];
  readonly vendorsAllowed: readonly number[];
  readonly publisherConsents: readonly number[];
  readonly publisherLegitimateInterests: readonly number[];
  readonly publisherCustomConsents: readonly number[];
  readonly publisherCustomLegitimateInterests: readonly number[];
  readonly segments: readonly SegmentName[];
}

/** Options of {@link applyPolicy}. */
export interface ApplyPolicyOptions {
  /**
   * The language of the reference `GVL` object (`new GVL(json, { language })`, default `'EN'`;
   * a vendor-list JSON carries none). ConsentLanguage becomes its first two letters, uppercased.
   */
  language: string;
  /**
   * A publisher restriction left without vendors once the GVL filter has run:
   * - `'keep'` (default): written with NumEntries 0, as the reference does when the GVL is attached
   *   to a model that already holds the restrictions (`tcModel.gvl = gvl` after decoding or
   *   filling it, then `TCString.encode`);
   * - `'drop'`: left out, as when the model was built with `new TCModel(gvl)` and its restrictions
   *   added afterwards (the reference never stores a vendor the GVL does not allow, so an entry
   *   only exists once an allowed vendor was added; entries are then ordered by that first
   *   allowed vendor).
   */
  emptyRestrictions: 'keep' | 'drop';
}

/** The defaults of {@link ApplyPolicyOptions}. */
export const APPLY_POLICY_DEFAULTS: Readonly<ApplyPolicyOptions> = /* @__PURE__ */ Object.freeze({ language: 'EN', emptyRestrictions: 'keep' });

/** Purposes whose LI bit the reference clears on every encode (purpose 1, and 3–6 of TCF 2.2). */
const NO_LI_PURPOSES = [1, 3, 4, 5, 6];
/** Most restriction entries read (NumPubRestrictions has 12 bits). */
const MAX_RESTRICTIONS = 4095;

/** Fields copied as they are (when present); `encode` validates them. */
const COPIED = ['created', 'lastUpdated', 'cmpId', 'cmpVersion', 'consentScreen', 'useNonStandardTexts', 'purposeOneTreatment', 'publisherCountryCode', 'numCustomPurposes'] as const;

function invalid(field: string, message: string): TCStringError {
  return new TCStringError('INVALID_VALUE', message, { field });
}

/**
 * The runs of an `IdSet`, checked as they come: ascending, disjoint, within 1–65535. A set made
 * by `decode` always passes; one forged with Object.create(IdSet.prototype) gives INVALID_VALUE.
 */
function idSetRuns(v: IdSet, field: string): number[] {
  const runs: number[] = [];
  v.forEachRun((s, e) => {
    const floor = runs.length > 0 ? runs[runs.length - 1]! + 1 : 1;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < floor || e < s || e > MAX_ID) throw invalid(field, 'is not a valid IdSet');
    runs.push(s, e);
  });
  return runs;
}

/** Reads an id collection (an `IdSet`, an array, any iterable) into ascending unique ids. */
function readIds(v: unknown, field: string): number[] {
  if (v === undefined) return [];
  const out: number[] = [];
  if (v instanceof IdSet) {
    for (let r = idSetRuns(v, field), i = 0; i < r.length; i += 2) for (let id = r[i]!; id <= r[i + 1]!; id++) out.push(id);
    return out;
  }
  const add = (id: unknown, i: number): void => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw invalid(`${field}[${i}]`, `must be an integer id in 1–${MAX_ID}, got ${describe(id)}`);
    }
    out.push(id);
  };
  if (Array.isArray(v)) {
    if (v.length > MAX_LIST) throw invalid(field, `has ${v.length} elements, over the limit of ${MAX_LIST}`);
    for (let i = 0; i < v.length; i++) add(v[i], i);
  } else if (typeof v === 'object' && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') {
    let i = 0;
    for (const id of v as Iterable<unknown>) {
      if (i === MAX_LIST) throw invalid(field, `has over ${MAX_LIST} elements`);
      add(id, i++);
    }
  } else throw invalid(field, `must be an array of ids, got ${describe(v)}`);
  out.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  out.length = n;
  return out;
}

/** The GVL vendor with this id when it is live (in the list, no deletedDate), as the reference's `gvl.vendors`. */
function liveVendor(gvl: GlobalVendorList, id: number): GVLVendor | undefined {
  const v = gvl.vendors[id];
  return v !== undefined && v.deletedDate === null ? v : undefined;
}

/** The reference's `PurposeRestrictionVector.isOkToHave` once it has a GVL. */
function okToHave(gvl: GlobalVendorList, restrictionType: number, purposeId: number, vendorId: number): boolean {
  const v = liveVendor(gvl, vendorId);
  if (v === undefined) return false;
  if (restrictionType === 0) return v.purposes.indexOf(purposeId) >= 0 || v.legIntPurposes.indexOf(purposeId) >= 0;
  if (v.flexiblePurposes.indexOf(purposeId) < 0) return false;
  return (restrictionType === 1 ? v.legIntPurposes : v.purposes).indexOf(purposeId) >= 0;
}

interface Restriction {
  purposeId: number;
  restrictionType: 0 | 1 | 2;
  /** Vendor ids the reference keeps for this entry (always live GVL vendors). */
  kept: Set<number>;
}

/** Index of the first element of the ascending `ids` that is >= `value`. */
function lowerBound(ids: readonly number[], value: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorted, disjoint runs `[start, end, …]` of an id collection; an `IdSet`'s ranges are not expanded. */
function readRuns(v: unknown, field: string): number[] {
  if (v instanceof IdSet) return idSetRuns(v, field);
  const runs: number[] = [];
  for (const id of readIds(v, field)) {
    if (runs.length > 0 && runs[runs.length - 1] === id - 1) runs[runs.length - 1] = id;
    else runs.push(id, id);
  }
  return runs;
}

/**
 * The restrictions as the reference holds them once the GVL is attached: one entry per
 * (purpose, type), in order of the first entry that brought it a vendor, vendors ascending,
 * filtered by `okToHave` (see {@link ApplyPolicyOptions.emptyRestrictions} for when an emptied
 * entry stays). Only GVL vendor ids inside each run are visited, so a range over 1–65535 costs
 * the size of the GVL, not of the range.
 */
function restrictions(v: unknown, gvl: GlobalVendorList, mode: ApplyPolicyOptions['emptyRestrictions']): Restriction[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid('publisherRestrictions', `must be an array, got ${describe(v)}`);
  if (v.length > MAX_RESTRICTIONS) throw invalid('publisherRestrictions', `has ${v.length} entries, over the ${MAX_RESTRICTIONS} a string can hold`);
  const gvlIds = Array.from(gvl.vendorIds).sort((a, b) => a - b);
  const byKey = new Map<number, Restriction>();
  for (let i = 0; i < v.length; i++) {
    const field = `publisherRestrictions[${i}]`;
    const entry = v[i] as unknown;
    if (typeof entry !== 'object' || entry === null) throw invalid(field, `must be an object, got ${describe(entry)}`);
    const purposeId = own(entry, 'purposeId');
    if (typeof purposeId !== 'number' || !Number.isInteger(purposeId) || purposeId < 1 || purposeId > 63) {
      throw invalid(`${field}.purposeId`, `must be an integer in 1–63, got ${describe(purposeId)}`);
    }
    const type = own(entry, 'restrictionType');
    if (type !== 0 && type !== 1 && type !== 2) throw invalid(`${field}.restrictionType`, `must be 0, 1 or 2, got ${describe(type)}`);
    const runs = readRuns(own(entry, 'vendorIds'), `${field}.vendorIds`);
    const ok: number[] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const end = runs[r + 1]!;
      for (let k = lowerBound(gvlIds, runs[r]!); k < gvlIds.length && gvlIds[k]! <= end; k++) {
        if (okToHave(gvl, type, purposeId, gvlIds[k]!)) ok.push(gvlIds[k]!);
      }
    }
    // The reference cannot hold an entry without vendors. With 'keep' (GVL attached afterwards)
    // any vendor gives the entry its place; with 'drop' (GVL first) only an allowed one does.
    if (mode === 'keep' ? runs.length === 0 : ok.length === 0) continue;
    const key = purposeId * 4 + type;
    let r = byKey.get(key);
    if (r === undefined) byKey.set(key, (r = { purposeId, restrictionType: type, kept: new Set() }));
    for (const id of ok) r.kept.add(id);
  }
  return Array.from(byKey.values());
}

/**
 * Whether the reference keeps a vendor's consent (`key = 'purposes'`) or LI (`'legIntPurposes'`)
 * bit: the SemanticPreEncoder rules of shared/tcf-format.md §9.2.
 */
function keepsBit(
  gvl: GlobalVendorList,
  vendorId: number,
  key: 'purposes' | 'legIntPurposes',
  isServiceSpecific: boolean,
  restricted: { readonly 1: ReadonlySet<number>; readonly 2: ReadonlySet<number> },
): boolean {
  const v = liveVendor(gvl, vendorId);
  if (v === undefined) return false;
  if (v[key].length > 0) return true;
  // June 2021 policy: a vendor with special purposes and no LI purpose keeps its LI bit.
  if (key === 'legIntPurposes' && v.specialPurposes.length > 0) return true;
  // Otherwise only a flexible vendor in a service-specific string whose publisher asked for this
  // basis (any purpose: type 1 for consent, type 2 for LI) may keep it.
  if (!isServiceSpecific || v.flexiblePurposes.length === 0) return false;
  return restricted[key === 'purposes' ? 1 : 2].has(vendorId);
}

/**
 * Returns a new model holding what the reference's `TCString.encode` (`@iabtechlabtcf/core`)
 * silently does to a model before writing it with a GVL, so that
 * `encode(applyPolicy(tc, gvl), { gvlVendorIds: gvl.vendorIds })` is byte for byte the
 * reference's `TCString.encode` of the same model with the same GVL. tcstring's `encode` itself
 * never changes a signal; this function makes the reference's changes explicit:
 *
 * 1. Version becomes 2; ConsentLanguage becomes the reference GVL object's language (`'EN'` unless
 *    {@link ApplyPolicyOptions.language} says otherwise; it is not read from the vendor list).
 * 2. VendorListVersion and TcfPolicyVersion become the GVL's `vendorListVersion` and
 *    `tcfPolicyVersion` (the reference model's getters return the GVL's values).
 * 3. PurposesLITransparency loses purposes 1, 3, 4, 5 and 6, whatever the policy version.
 * 4. Publisher restrictions keep a vendor only when the vendor is live in the GVL (listed, no
 *    deletedDate) and: type 0 — it declares the purpose under consent or LI; type 1 — the purpose
 *    is flexible and declared under LI; type 2 — flexible and declared under consent. Entries of
 *    the same purpose and type merge, in order of first appearance with a vendor; vendors sort
 *    ascending; an entry emptied by the filter is kept or dropped per
 *    {@link ApplyPolicyOptions.emptyRestrictions}.
 * 5. A vendor consent (LI) bit stays only when the vendor is live in the GVL and declares at least
 *    one consent (LI) purpose, or — LI only — declares a special purpose, or the string is
 *    service-specific, the vendor has a flexible purpose, and a restriction kept by rule 4 of
 *    type 1 (type 2) covers the vendor for any purpose.
 * 6. Segments become the reference's default sequence: `core.vendorsDisclosed.publisherTC` when
 *    IsServiceSpecific (default true), else `core.vendorsDisclosed`.
 *
 * Everything else (dates, CMP fields, purposes consents, special features, PurposeOneTreatment,
 * PublisherCC, DisclosedVendors, AllowedVendors, the PublisherTC segment) is copied; dates become
 * ISO strings and id sets ascending arrays (the JSON form), so `encode` picks bitfield or range
 * by the reference's rule rather than keeping a decoded layout.
 *
 * @throws {TCStringError} INVALID_VALUE naming the field, for a malformed model or option.
 * @example
 * const gvl = parseGVL(vendorListJson);
 * const s = encode(applyPolicy(model, gvl), { gvlVendorIds: gvl.vendorIds });
 */
export function applyPolicy(tc: TCModelInput, gvl: GlobalVendorList, options?: Partial<ApplyPolicyOptions>): PolicyModel {
  if (typeof tc !== 'object' || tc === null || Array.isArray(tc)) throw invalid('model', `must be an object, got ${describe(tc)}`);
  checkGVL(gvl);
  const language = options?.language ?? APPLY_POLICY_DEFAULTS.language;
  const primary = typeof language === 'string' ? language.split('-')[0]!.toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(primary)) throw invalid('options.language', `must start with a two-letter language code, got ${describe(language)}`);
  const emptyRestrictions = options?.emptyRestrictions ?? APPLY_POLICY_DEFAULTS.emptyRestrictions;
  if (emptyRestrictions !== 'keep' && emptyRestrictions !== 'drop') throw invalid('options.emptyRestrictions', `must be 'keep' or 'drop'`);

  const m = tc as object;
  const out: Record<string, unknown> = {};
  for (const key of COPIED) {
    const value = own(m, key);
    // Dates take their JSON form; an invalid one stays as it is, for encode to reject.
    if (value instanceof Date) out[key] = Number.isNaN(value.getTime()) ? value : value.toISOString();
    else if (value !== undefined) out[key] = value;
  }
  const sets = {} as Record<(typeof ID_SET_FIELDS)[number], number[]>;
  for (const key of ID_SET_FIELDS) sets[key] = readIds(own(m, key), key);

  const given = own(m, 'isServiceSpecific');
  if (given !== undefined && typeof given !== 'boolean') throw invalid('isServiceSpecific', `must be a boolean, got ${describe(given)}`);
  const isServiceSpecific = given ?? true;

  const kept = restrictions(own(m, 'publisherRestrictions'), gvl, emptyRestrictions);
  const restricted = { 1: new Set<number>(), 2: new Set<number>() };
  for (const r of kept) if (r.restrictionType !== 0) for (const id of r.kept) restricted[r.restrictionType].add(id);

  return Object.assign(out, {
    version: 2 as const,
    consentLanguage: primary,
    vendorListVersion: gvl.vendorListVersion,
    policyVersion: gvl.tcfPolicyVersion,
    isServiceSpecific,
    ...sets,
    purposeLegitimateInterests: sets.purposeLegitimateInterests.filter((p) => NO_LI_PURPOSES.indexOf(p) < 0),
    vendorConsents: sets.vendorConsents.filter((id) => keepsBit(gvl, id, 'purposes', isServiceSpecific, restricted)),
    vendorLegitimateInterests: sets.vendorLegitimateInterests.filter((id) => keepsBit(gvl, id, 'legIntPurposes', isServiceSpecific, restricted)),
    publisherRestrictions: kept.map(
      (r): PolicyRestriction => ({ purposeId: r.purposeId, restrictionType: r.restrictionType, vendorIds: Array.from(r.kept).sort((a, b) => a - b) }),
    ),
    segments: isServiceSpecific ? (['core', 'vendorsDisclosed', 'publisherTC'] as SegmentName[]) : (['core', 'vendorsDisclosed'] as SegmentName[]),
  }) as unknown as PolicyModel;
}
