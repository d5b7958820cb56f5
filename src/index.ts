/**
 * tcstring: decode and encode IAB TCF v2 "TC strings" (TCF 2.0 to 2.3).
 * @packageDocumentation
 */
export { decode, DECODE_DEFAULTS, type DecodeOptions } from './decode.js';
export { encode, ENCODE_DEFAULTS, DEFAULT_SEGMENTS, type EncodeOptions } from './encode.js';
export { TCStringError, isTCStringError, type TCStringErrorCode, type TCStringErrorDetails, type SegmentName } from './errors.js';
export { IdSet } from './id-set.js';
export {
  RestrictionType,
  type RestrictionTypeValue,
  type PublisherRestriction,
  type PublisherRestrictionInput,
  type TCModel,
  type TCModelInput,
  type IdsInput,
  type DateInput,
} from './model.js';
export { validate, tcStringErrorInfo, type Finding, type FindingCode, type FindingSeverity, type TCStringErrorInfo } from './validate.js';
export { toTCData, type TCData, type BooleanVector, type TCDataRestrictions } from './tcdata.js';
export { bitMap, type BitMap, type BitMapEntry, type BitMapValue } from './bit-map.js';
export { parseGVL, type GlobalVendorList, type GVLVendor, type GVLEntry } from './gvl.js';
export {
  decide,
  decidePublisher,
  DECIDE_DEFAULTS,
  DISCLOSED_VENDORS_REQUIRED_FROM,
  type DecideOptions,
  type DecidePublisherOptions,
  type DecisionInput,
  type DecisionReason,
  type DecisionWarning,
  type IdLookup,
  type LegalBasis,
  type PublisherDecisionInput,
  type PublisherPurposeDecision,
  type PurposeDecision,
  type SpecialFeatureDecision,
  type SpecialPurposeDecision,
  type VendorDecisions,
} from './decide.js';
export { applyPolicy, APPLY_POLICY_DEFAULTS, type ApplyPolicyOptions, type PolicyModel, type PolicyRestriction } from './apply-policy.js';
