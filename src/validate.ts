import { decode, type DecodeOptions } from './decode.js';
import { isTCStringError, type SegmentName, type TCStringError, type TCStringErrorCode } from './errors.js';
import type { IdSet } from './id-set.js';
import type { TCModel, TCModelInput } from './model.js';
import { asModel } from './as-model.js';

/** How serious a {@link Finding} is: only `'error'` makes a string invalid. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/**
 * Machine-readable reason of a {@link Finding}. The README's "Validation findings" table gives the
 * severity and the rule behind each one.
 */
export type FindingCode =
  | 'DECODE_ERROR'
  | 'TCF_V1'
  | 'UNKNOWN_POLICY_VERSION'
  | 'OUTDATED_POLICY_VERSION'
  | 'NOT_SERVICE_SPECIFIC'
  | 'PURPOSE_LI_NOT_ALLOWED'
  | 'DISCLOSED_VENDORS_MISSING'
  | 'CREATED_NOT_LAST_UPDATED'
  | 'DATE_NOT_DAY_GRANULARITY'
  | 'UNKNOWN_PURPOSE'
  | 'UNKNOWN_SPECIAL_FEATURE'
  | 'VENDOR_LI_WITHOUT_PURPOSE_LI'
  | 'VENDOR_NOT_DISCLOSED'
  | 'ALLOWED_VENDORS_PRESENT';

/** A {@link TCStringError} as plain data (its JSON form, message included). */
export interface TCStringErrorInfo {
  readonly code: TCStringErrorCode;
  readonly message: string;
  readonly segment: SegmentName | null;
  readonly field: string | null;
  readonly bitOffset: number | null;
  readonly charIndex: number | null;
}

/** One result of {@link validate}. */
export interface Finding {
  readonly severity: FindingSeverity;
  readonly code: FindingCode;
  readonly message: string;
  /**
   * What the finding is about: a {@link TCModel} key (`'purposeLegitimateInterests'`), or for a
   * decoding error the error's `segment.field` path.
   */
  readonly field?: string;
  /** For `DECODE_ERROR` and `TCF_V1`: the decoding error, with its position in the string. */
  readonly error?: TCStringErrorInfo;
}

/** The error of `decode` as plain data: what `validate` and the CLI's JSON output report. */
export function tcStringErrorInfo(error: TCStringError): TCStringErrorInfo {
  return {
    code: error.code,
    message: error.message,
    segment: error.segment,
    field: error.field,
    bitOffset: error.bitOffset,
    charIndex: error.charIndex,
  };
}

/** Highest TcfPolicyVersion this library knows (shared/tcf-format.md §9.3). */
const LATEST_POLICY = 5;
/** Policy versions below 4 are invalid for strings written after 30 Sep 2023 (§9.3). */
const POLICY_4_DEADLINE = /* @__PURE__ */ Date.UTC(2023, 9, 1);
/** DisclosedVendors is enforced for strings created after 28 Feb 2026 (§2.1, §14.4). */
const DISCLOSED_DEADLINE = /* @__PURE__ */ Date.UTC(2026, 2, 1);
const DAY_MS = 86_400_000;
/** Purposes that may never rest on legitimate interest from TCF 2.2 (policy 4) on (§9.1). */
const NO_LI_PURPOSES = [1, 3, 4, 5, 6];

const RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Checks a TC string (or a decoded model) against the TCF policy rules a string can show:
 * structure first, then policy. Findings come sorted by severity (errors first), in check order
 * within a severity. An empty array means no finding.
 *
 * A string that does not decode gives one `'error'` finding, `DECODE_ERROR` (or `TCF_V1`), that
 * carries the {@link TCStringError} details; validation never throws for a bad string.
 * @example
 * validate('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA');
 * // [{ severity: 'error', code: 'OUTDATED_POLICY_VERSION', … }]: policy 2, after 1 Oct 2023
 */
export function validate(tcOrString: TCModel | TCModelInput | string, options?: Partial<DecodeOptions>): Finding[] {
  let tc: TCModel;
  // A string goes through decode (which reports a non-string as INVALID_INPUT); an object that
  // is not a decoded model (the JSON form, say) through encode and decode.
  try {
    tc = typeof tcOrString === 'object' && tcOrString !== null ? asModel(tcOrString) : decode(tcOrString as string, options);
  } catch (error) {
    if (!isTCStringError(error)) throw error;
    return [decodeFinding(error)];
  }
  const findings: Finding[] = [];
  checkModel(tc, findings);
  // A stable sort: errors, then warnings, then infos, each in check order.
  return findings
    .map((f, i) => [f, i] as const)
    .sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[1] - b[1])
    .map(([f]) => f);
}

function decodeFinding(error: TCStringError): Finding {
  const where = error.segment !== null && error.field !== null ? `${error.segment}.${error.field}` : (error.field ?? error.segment);
  const base = where === null ? {} : { field: where };
  if (error.code === 'TCF_V1_UNSUPPORTED') {
    return {
      severity: 'error',
      code: 'TCF_V1',
      message: 'a TCF v1 consent string (Version 1): v1 strings have been invalid since 30 Sep 2020',
      ...base,
      error: tcStringErrorInfo(error),
    };
  }
  // The error's message starts with its own `segment.field: `, which `field` already says.
  const message = where !== null && error.message.startsWith(where + ': ') ? error.message.slice(where.length + 2) : error.message;
  return { severity: 'error', code: 'DECODE_ERROR', message: `${error.code}: ${message}`, ...base, error: tcStringErrorInfo(error) };
}

function checkModel(tc: TCModel, out: Finding[]): void {
  const add = (severity: FindingSeverity, code: FindingCode, field: string, message: string) => {
    out.push({ severity, code, message, field });
  };
  const policy = tc.policyVersion;
  // TCF 2.2 rules (policy 4) apply to every later version too, known or not.
  const v22 = policy >= 4;

  if (tc.version === 1) add('error', 'TCF_V1', 'version', 'a TCF v1 model (Version 1): v1 strings have been invalid since 30 Sep 2020');

  if (policy > LATEST_POLICY) {
    add('warning', 'UNKNOWN_POLICY_VERSION', 'policyVersion', `TcfPolicyVersion ${policy} is newer than the latest known (${LATEST_POLICY}); checked with the rules of ${LATEST_POLICY}`);
  } else if (policy < 2) {
    add('error', 'UNKNOWN_POLICY_VERSION', 'policyVersion', `TcfPolicyVersion ${policy} does not exist in TCF v2 (2 is the first)`);
  } else if (!v22) {
    const late = tc.lastUpdated.getTime() >= POLICY_4_DEADLINE;
    add(
      late ? 'error' : 'warning',
      'OUTDATED_POLICY_VERSION',
      'policyVersion',
      `TcfPolicyVersion ${policy} is a TCF 2.0/2.1 policy: ` +
        (late ? 'strings updated after 30 Sep 2023 must use 4 or later' : 'such strings are no longer valid since 30 Sep 2023'),
    );
  }

  if (!tc.isServiceSpecific) {
    add('error', 'NOT_SERVICE_SPECIFIC', 'isServiceSpecific', 'IsServiceSpecific is 0: global-scope strings have been invalid since 1 Sep 2021');
  }

  const li = tc.purposeLegitimateInterests;
  const badLi = (v22 ? NO_LI_PURPOSES : [1]).filter((id) => li.has(id));
  if (badLi.length > 0) {
    add(
      v22 ? 'error' : 'warning',
      'PURPOSE_LI_NOT_ALLOWED',
      'purposeLegitimateInterests',
      v22
        ? `legitimate interest set for purpose${plural(badLi)} ${badLi.join(', ')}: purposes 1 and 3–6 cannot rest on legitimate interest from policy version 4 (TCF 2.2)`
        : 'legitimate interest set for purpose 1: purpose 1 can only rest on consent',
    );
  }

  if (policy >= 5 && tc.segments.indexOf('vendorsDisclosed') < 0) {
    const late = tc.lastUpdated.getTime() >= DISCLOSED_DEADLINE;
    add(
      late ? 'error' : 'warning',
      'DISCLOSED_VENDORS_MISSING',
      'vendorsDisclosed',
      'no DisclosedVendors segment: TCF 2.3 (policy version 5) makes it mandatory' +
        (late ? '' : ', enforced for strings updated after 28 Feb 2026'),
    );
  }

  if (v22) {
    if (tc.created.getTime() !== tc.lastUpdated.getTime()) {
      add('warning', 'CREATED_NOT_LAST_UPDATED', 'created', `Created (${iso(tc.created)}) differs from LastUpdated (${iso(tc.lastUpdated)}): from TCF 2.2 both hold the same day`);
    }
    for (const field of ['created', 'lastUpdated'] as const) {
      const t = tc[field].getTime();
      if (t % DAY_MS !== 0) {
        add('warning', 'DATE_NOT_DAY_GRANULARITY', field, `${field === 'created' ? 'Created' : 'LastUpdated'} (${iso(tc[field])}) is not a UTC midnight: from TCF 2.2 it is day-level`);
      }
    }
  }

  // TCF 2.0/2.1 had 10 purposes; 2.2 added purpose 11 (§9.1).
  const purposes = v22 ? 11 : 10;
  for (const field of ['purposeConsents', 'purposeLegitimateInterests', 'publisherConsents', 'publisherLegitimateInterests'] as const) {
    const above = idsAbove(tc[field], purposes);
    if (above.length > 0) add('warning', 'UNKNOWN_PURPOSE', field, `bit${plural(above)} set for purpose${plural(above)} ${above.join(', ')}: policy version ${policy} defines purposes 1–${purposes}`);
  }
  const restricted = unique(tc.publisherRestrictions.filter((r) => r.purposeId > purposes).map((r) => r.purposeId));
  if (restricted.length > 0) {
    add('warning', 'UNKNOWN_PURPOSE', 'publisherRestrictions', `restrictions on purpose${plural(restricted)} ${restricted.join(', ')}: policy version ${policy} defines purposes 1–${purposes}`);
  }
  const features = idsAbove(tc.specialFeatureOptins, 2);
  if (features.length > 0) {
    add('warning', 'UNKNOWN_SPECIAL_FEATURE', 'specialFeatureOptins', `opt-in set for special feature${plural(features)} ${features.join(', ')}: only 1 and 2 exist`);
  }

  if (li.size === 0 && tc.vendorLegitimateInterests.size > 0) {
    add(
      'info',
      'VENDOR_LI_WITHOUT_PURPOSE_LI',
      'vendorLegitimateInterests',
      `${tc.vendorLegitimateInterests.size} vendor legitimate-interest bit${tc.vendorLegitimateInterests.size === 1 ? '' : 's'} set, but no purpose legitimate-interest bit: ` +
        'right only for vendors that declare special purposes alone',
    );
  }

  if (tc.segments.indexOf('vendorsDisclosed') >= 0) {
    const missing = notIn(tc.vendorConsents, tc.vendorLegitimateInterests, tc.vendorsDisclosed);
    if (missing.count > 0) {
      add(
        'warning',
        'VENDOR_NOT_DISCLOSED',
        'vendorsDisclosed',
        `${missing.count} vendor${missing.count === 1 ? '' : 's'} with a consent or legitimate-interest bit but absent from DisclosedVendors: ` +
          missing.first.join(', ') +
          (missing.count > missing.first.length ? ', …' : ''),
      );
    }
  }

  if (tc.segments.indexOf('vendorsAllowed') >= 0) {
    add('warning', 'ALLOWED_VENDORS_PRESENT', 'vendorsAllowed', 'an AllowedVendors segment: out-of-band legal bases were deprecated in 2021 and the segment removed from TCF 2.2');
  }
}

function idsAbove(set: IdSet, max: number): number[] {
  const out: number[] = [];
  set.forEachRun((s, e) => {
    for (let id = Math.max(s, max + 1); id <= e; id++) out.push(id);
  });
  return out;
}

/** Vendors of `a` or `b` that are not in `disclosed`: how many, and the ten lowest. */
function notIn(a: IdSet, b: IdSet, disclosed: IdSet): { count: number; first: number[] } {
  let count = 0;
  const first: number[] = [];
  // At most 65535 ids: a plain scan keeps the order ascending without a set of seen ids.
  for (let id = 1, top = Math.max(a.max, b.max); id <= top; id++) {
    if ((a.has(id) || b.has(id)) && !disclosed.has(id)) {
      count++;
      if (first.length < 10) first.push(id);
    }
  }
  return { count, first };
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

function plural(list: readonly unknown[]): string {
  return list.length === 1 ? '' : 's';
}

function iso(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString();
}
