import type { IdSet } from './id-set.js';
import type { SegmentName } from './errors.js';

/** Publisher restriction types (shared/tcf-format.md §6). */
export const RestrictionType = {
  /** The purpose is flatly not allowed for these vendors. */
  NOT_ALLOWED: 0,
  /** These vendors must use consent, not legitimate interest, for this flexible purpose. */
  REQUIRE_CONSENT: 1,
  /** These vendors must use legitimate interest, not consent, for this flexible purpose. */
  REQUIRE_LI: 2,
} as const;

export type RestrictionTypeValue = (typeof RestrictionType)[keyof typeof RestrictionType];

/** One PubRestrictionEntry: a purpose, a restriction type and the vendors it applies to. */
export interface PublisherRestriction {
  readonly purposeId: number;
  readonly restrictionType: RestrictionTypeValue;
  readonly vendorIds: IdSet;
}

/**
 * A decoded TC string: plain, frozen data. `JSON.stringify` of it is the canonical JSON form
 * (dates as ISO 8601 strings, id sets as ascending arrays), which `encode` accepts back.
 */
export interface TCModel {
  readonly version: number;
  readonly created: Date;
  readonly lastUpdated: Date;
  readonly cmpId: number;
  readonly cmpVersion: number;
  readonly consentScreen: number;
  readonly consentLanguage: string;
  readonly vendorListVersion: number;
  readonly policyVersion: number;
  readonly isServiceSpecific: boolean;
  readonly useNonStandardTexts: boolean;
  readonly specialFeatureOptins: IdSet;
  readonly purposeConsents: IdSet;
  readonly purposeLegitimateInterests: IdSet;
  readonly purposeOneTreatment: boolean;
  readonly publisherCountryCode: string;
  readonly vendorConsents: IdSet;
  readonly vendorLegitimateInterests: IdSet;
  readonly publisherRestrictions: readonly PublisherRestriction[];
  readonly vendorsDisclosed: IdSet;
  readonly vendorsAllowed: IdSet;
  readonly publisherConsents: IdSet;
  readonly publisherLegitimateInterests: IdSet;
  readonly numCustomPurposes: number;
  readonly publisherCustomConsents: IdSet;
  readonly publisherCustomLegitimateInterests: IdSet;
  /** The segments present, in the order they appeared. */
  readonly segments: readonly SegmentName[];
}

/** Ids as `encode` takes them: an array (the JSON form), a `Set`, an `IdSet`, any iterable. */
export type IdsInput = Iterable<number>;

/** A date as `encode` takes it: a `Date` or an ISO 8601 string (the JSON form). */
export type DateInput = Date | string;

/** A publisher restriction as `encode` takes it. */
export interface PublisherRestrictionInput {
  readonly purposeId: number;
  readonly restrictionType: number;
  readonly vendorIds: IdsInput;
}

/**
 * What `encode` takes: a decoded {@link TCModel}, its JSON form, or a model built by hand. Only
 * `created` and `lastUpdated` are required; see the README for each default.
 */
export interface TCModelInput {
  readonly version?: number;
  readonly created: DateInput;
  readonly lastUpdated: DateInput;
  readonly cmpId?: number;
  readonly cmpVersion?: number;
  readonly consentScreen?: number;
  readonly consentLanguage?: string;
  readonly vendorListVersion?: number;
  readonly policyVersion?: number;
  readonly isServiceSpecific?: boolean;
  readonly useNonStandardTexts?: boolean;
  readonly specialFeatureOptins?: IdsInput;
  readonly purposeConsents?: IdsInput;
  readonly purposeLegitimateInterests?: IdsInput;
  readonly purposeOneTreatment?: boolean;
  readonly publisherCountryCode?: string;
  readonly vendorConsents?: IdsInput;
  readonly vendorLegitimateInterests?: IdsInput;
  readonly publisherRestrictions?: readonly PublisherRestrictionInput[];
  readonly vendorsDisclosed?: IdsInput;
  readonly vendorsAllowed?: IdsInput;
  readonly publisherConsents?: IdsInput;
  readonly publisherLegitimateInterests?: IdsInput;
  readonly numCustomPurposes?: number;
  readonly publisherCustomConsents?: IdsInput;
  readonly publisherCustomLegitimateInterests?: IdsInput;
  readonly segments?: readonly SegmentName[];
}
