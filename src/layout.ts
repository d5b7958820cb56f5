/**
 * The fixed-width fields of each segment, in spec order: a field's name, width and kind, written
 * once (shared/tcf-format.md §3, §7, §8). `bitMap` walks these tables, and the decoder's error
 * paths use them to name the field that ran out. The hot paths of `decode` and `encode` are
 * unrolled for speed (a walk over a table costs more than the rest of a typical decode), and
 * test/layout.test.ts holds them to these tables field by field.
 */

/** How a fixed field's bits are read. */
export const INT = 0;
export const DATE = 1;
export const BOOL = 2;
export const LETTERS = 3;
/** A fixed bitfield: bit k is id k+1. */
export const FLAGS = 4;

export type FieldKind = typeof INT | typeof DATE | typeof BOOL | typeof LETTERS | typeof FLAGS;

/** `[name, bits, kind]`. */
export type FieldSpec = readonly [name: string, bits: number, kind: FieldKind];

/** The core segment up to the vendor consent section: 213 bits (shared/tcf-format.md §3). */
export const CORE_FIELDS: readonly FieldSpec[] = [
  ['version', 6, INT],
  ['created', 36, DATE],
  ['lastUpdated', 36, DATE],
  ['cmpId', 12, INT],
  ['cmpVersion', 12, INT],
  ['consentScreen', 6, INT],
  ['consentLanguage', 12, LETTERS],
  ['vendorListVersion', 12, INT],
  ['policyVersion', 6, INT],
  ['isServiceSpecific', 1, BOOL],
  ['useNonStandardTexts', 1, BOOL],
  ['specialFeatureOptins', 12, FLAGS],
  ['purposeConsents', 24, FLAGS],
  ['purposeLegitimateInterests', 24, FLAGS],
  ['purposeOneTreatment', 1, BOOL],
  ['publisherCountryCode', 12, LETTERS],
];

/** Bits of CORE_FIELDS. */
export const CORE_FIXED_BITS = 213;

/** The PublisherTC segment's fields before its custom purposes (after the 3-bit SegmentType). */
export const PUBLISHER_FIELDS: readonly FieldSpec[] = [
  ['publisherConsents', 24, FLAGS],
  ['publisherLegitimateInterests', 24, FLAGS],
  ['numCustomPurposes', 6, INT],
];

/** The id-set fields of a model, in the order of its keys. */
export const ID_SET_FIELDS = [
  'specialFeatureOptins',
  'purposeConsents',
  'purposeLegitimateInterests',
  'vendorConsents',
  'vendorLegitimateInterests',
  'vendorsDisclosed',
  'vendorsAllowed',
  'publisherConsents',
  'publisherLegitimateInterests',
  'publisherCustomConsents',
  'publisherCustomLegitimateInterests',
] as const;

/** Every key of a model, in the order `decode` writes them (test/layout.test.ts holds decode to it). */
export const MODEL_KEYS = [
  'version',
  'created',
  'lastUpdated',
  'cmpId',
  'cmpVersion',
  'consentScreen',
  'consentLanguage',
  'vendorListVersion',
  'policyVersion',
  'isServiceSpecific',
  'useNonStandardTexts',
  'specialFeatureOptins',
  'purposeConsents',
  'purposeLegitimateInterests',
  'purposeOneTreatment',
  'publisherCountryCode',
  'vendorConsents',
  'vendorLegitimateInterests',
  'publisherRestrictions',
  'vendorsDisclosed',
  'vendorsAllowed',
  'publisherConsents',
  'publisherLegitimateInterests',
  'numCustomPurposes',
  'publisherCustomConsents',
  'publisherCustomLegitimateInterests',
  'segments',
] as const;

/** SegmentType values (shared/tcf-format.md §2.1). Index = type. */
export const SEGMENT_NAMES = ['core', 'vendorsDisclosed', 'vendorsAllowed', 'publisherTC'] as const;

/** Widths used outside the tables. */
export const SEGMENT_TYPE_BITS = 3;
export const MAX_VENDOR_ID_BITS = 16;
export const NUM_ENTRIES_BITS = 12;
export const VENDOR_ID_BITS = 16;
export const PURPOSE_ID_BITS = 6;
export const RESTRICTION_TYPE_BITS = 2;
