import { asModel } from './as-model.js';
import { encode } from './encode.js';
import type { IdSet } from './id-set.js';
import type { RestrictionTypeValue, TCModel, TCModelInput } from './model.js';

/** `{ "[id]": boolean }`: one key per id from 1 to the set's largest id (shared/tcf-format.md §13.3). */
export type BooleanVector = Readonly<Record<string, boolean>>;

/** `{ "[purposeId]": { "[vendorId]": restrictionType } }`. */
export type TCDataRestrictions = Readonly<Record<string, Readonly<Record<string, RestrictionTypeValue>>>>;

/**
 * The CMP API (`__tcfapi`) `TCData` object of a string (shared/tcf-format.md §13.2), as a CMP
 * would pass it to an `addEventListener` callback once the string is loaded.
 */
export interface TCData {
  readonly tcString: string;
  readonly tcfPolicyVersion: number;
  readonly cmpId: number;
  readonly cmpVersion: number;
  /** Always `true`: a TC string only exists where GDPR applies. */
  readonly gdprApplies: boolean;
  /** Always `'tcloaded'`: the string is a saved one, not the result of a UI event. */
  readonly eventStatus: 'tcloaded' | 'cmpuishown' | 'useractioncomplete';
  /** Always `'loaded'`. */
  readonly cmpStatus: 'stub' | 'loading' | 'loaded' | 'error';
  readonly isServiceSpecific: boolean;
  readonly useNonStandardTexts: boolean;
  readonly publisherCC: string;
  readonly purposeOneTreatment: boolean;
  readonly purpose: {
    readonly consents: BooleanVector;
    readonly legitimateInterests: BooleanVector;
  };
  readonly vendor: {
    readonly consents: BooleanVector;
    readonly legitimateInterests: BooleanVector;
    /** TCF 2.3: the DisclosedVendors segment (`{}` when the string has none). */
    readonly disclosedVendors: BooleanVector;
  };
  readonly specialFeatureOptins: BooleanVector;
  readonly publisher: {
    readonly consents: BooleanVector;
    readonly legitimateInterests: BooleanVector;
    readonly customPurpose: {
      readonly consents: BooleanVector;
      readonly legitimateInterests: BooleanVector;
    };
    readonly restrictions: TCDataRestrictions;
  };
}

/**
 * The CMP API `TCData` shape of a TC string or a decoded model. Maps are keyed by id and hold
 * every id from 1 to the vector's largest set id (`false` for the unset ones), as the reference
 * CMP API does; an empty vector is `{}`. A vendor restricted twice for one purpose gets the
 * lowest restriction type.
 *
 * `tcString` is the string given, or `encode(tc)` for a model.
 * @throws {TCStringError} when the string does not decode.
 * @example
 * toTCData('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA').vendor.consents;
 * // { '1': true, '2': true, '3': true, '4': true }
 */
export function toTCData(tcOrString: TCModel | TCModelInput | string, tcString?: string): TCData {
  const tc = asModel(tcOrString);
  return {
    // The string given, else the model's own encoding.
    tcString: tcString ?? (typeof tcOrString === 'string' ? tcOrString : encode(tc)),
    tcfPolicyVersion: tc.policyVersion,
    cmpId: tc.cmpId,
    cmpVersion: tc.cmpVersion,
    gdprApplies: true,
    eventStatus: 'tcloaded',
    cmpStatus: 'loaded',
    isServiceSpecific: tc.isServiceSpecific,
    useNonStandardTexts: tc.useNonStandardTexts,
    publisherCC: tc.publisherCountryCode,
    purposeOneTreatment: tc.purposeOneTreatment,
    purpose: {
      consents: booleanVector(tc.purposeConsents),
      legitimateInterests: booleanVector(tc.purposeLegitimateInterests),
    },
    vendor: {
      consents: booleanVector(tc.vendorConsents),
      legitimateInterests: booleanVector(tc.vendorLegitimateInterests),
      disclosedVendors: booleanVector(tc.vendorsDisclosed),
    },
    specialFeatureOptins: booleanVector(tc.specialFeatureOptins),
    publisher: {
      consents: booleanVector(tc.publisherConsents),
      legitimateInterests: booleanVector(tc.publisherLegitimateInterests),
      customPurpose: {
        consents: booleanVector(tc.publisherCustomConsents),
        legitimateInterests: booleanVector(tc.publisherCustomLegitimateInterests),
      },
      restrictions: restrictions(tc),
    },
  };
}

function booleanVector(set: IdSet): BooleanVector {
  const out: Record<string, boolean> = {};
  let next = 1;
  set.forEachRun((start, end) => {
    for (; next < start; next++) out[next] = false;
    for (; next <= end; next++) out[next] = true;
  });
  return out;
}

function restrictions(tc: TCModel): TCDataRestrictions {
  const out: Record<string, Record<string, RestrictionTypeValue>> = {};
  for (const { purposeId, restrictionType, vendorIds } of tc.publisherRestrictions) {
    vendorIds.forEachRun((start, end) => {
      const byVendor = (out[purposeId] ??= {});
      for (let id = start; id <= end; id++) {
        const had = byVendor[id];
        // iabtcf-es getRestrictionType: of several types for one pair, the lowest wins (§6).
        if (had === undefined || restrictionType < had) byVendor[id] = restrictionType;
      }
    });
  }
  return out;
}
