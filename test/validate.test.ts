import { describe, expect, it } from 'vitest';
import { decode, encode, validate, type Finding, type FindingCode, type TCModelInput } from '../src/index.js';

// Every finding code; the type check below fails when a code is added without being listed here,
// and the last test fails when a listed code is never triggered by the tests of this file.
const ALL_CODES = [
  'DECODE_ERROR',
  'TCF_V1',
  'UNKNOWN_POLICY_VERSION',
  'OUTDATED_POLICY_VERSION',
  'NOT_SERVICE_SPECIFIC',
  'PURPOSE_LI_NOT_ALLOWED',
  'DISCLOSED_VENDORS_MISSING',
  'CREATED_NOT_LAST_UPDATED',
  'DATE_NOT_DAY_GRANULARITY',
  'UNKNOWN_PURPOSE',
  'UNKNOWN_SPECIAL_FEATURE',
  'VENDOR_LI_WITHOUT_PURPOSE_LI',
  'VENDOR_NOT_DISCLOSED',
  'ALLOWED_VENDORS_PRESENT',
] as const satisfies readonly FindingCode[];
type Unlisted = Exclude<FindingCode, (typeof ALL_CODES)[number]>;
const everyCodeListed: [Unlisted] extends [never] ? true : false = true;

const seen = new Set<FindingCode>();

/** A clean TCF 2.3 model: no finding at all. */
const CLEAN: TCModelInput = {
  created: '2026-03-02T00:00:00Z',
  lastUpdated: '2026-03-02T00:00:00Z',
  cmpId: 300,
  cmpVersion: 2,
  vendorListVersion: 140,
  policyVersion: 5,
  isServiceSpecific: true,
  specialFeatureOptins: [1, 2],
  purposeConsents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  purposeLegitimateInterests: [2, 7, 8, 9, 10, 11],
  vendorConsents: [1, 2, 3, 10],
  vendorLegitimateInterests: [2, 10],
  vendorsDisclosed: [1, 2, 3, 10, 20],
  segments: ['core', 'vendorsDisclosed', 'publisherTC'],
};

/** A clean TCF 2.0 string of 2021: only OUTDATED_POLICY_VERSION (a warning). */
const OLD: Partial<TCModelInput> = {
  policyVersion: 2,
  created: '2021-05-01T00:00:00Z',
  lastUpdated: '2021-05-01T00:00:00Z',
  purposeConsents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  purposeLegitimateInterests: [2, 7, 8, 9, 10],
};

/** Findings of the string encoding CLEAN with `changes`; records the codes seen. */
function check(changes: Partial<TCModelInput>): Finding[] {
  return record(validate(encode({ ...CLEAN, ...changes })));
}

function record(findings: Finding[]): Finding[] {
  for (const f of findings) seen.add(f.code);
  return findings;
}

function only(findings: Finding[], code: FindingCode): Finding {
  const matching = findings.filter((f) => f.code === code);
  expect(matching, JSON.stringify(findings)).toHaveLength(1);
  return matching[0]!;
}

describe('validate', () => {
  it('finds nothing in a clean TCF 2.3 string, and accepts a decoded model too', () => {
    const s = encode(CLEAN);
    expect(validate(s)).toEqual([]);
    expect(validate(decode(s))).toEqual([]);
  });

  it('turns a structural error into one DECODE_ERROR finding with the error details', () => {
    const findings = record(validate('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgAC'));
    expect(findings).toEqual([
      {
        severity: 'error',
        code: 'DECODE_ERROR',
        message: 'UNEXPECTED_END: needs 16 bits at bit 213, 15 left',
        field: 'core.vendorConsents.maxVendorId',
        error: {
          code: 'UNEXPECTED_END',
          message: 'core.vendorConsents.maxVendorId: needs 16 bits at bit 213, 15 left',
          segment: 'core',
          field: 'vendorConsents.maxVendorId',
          bitOffset: 213,
          charIndex: 35,
        },
      },
    ]);
    const bad = record(validate('CQSbk4AQ!bk4'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ severity: 'error', code: 'DECODE_ERROR', error: { code: 'INVALID_CHARACTER', charIndex: 8 } });
    expect(bad[0]!.field).toBeUndefined();
    expect(record(validate(42 as unknown as string))).toMatchObject([{ severity: 'error', code: 'DECODE_ERROR', error: { code: 'INVALID_INPUT' } }]);
  });

  it('says TCF_V1 for a version 1 string', () => {
    const findings = record(validate('BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'error', code: 'TCF_V1', error: { code: 'TCF_V1_UNSUPPORTED', charIndex: 0 } });
  });

  it('flags unknown policy versions: newer than 5 as a warning, below 2 as an error', () => {
    expect(only(check({ policyVersion: 6 }), 'UNKNOWN_POLICY_VERSION')).toMatchObject({ severity: 'warning', field: 'policyVersion' });
    expect(only(check({ policyVersion: 63 }), 'UNKNOWN_POLICY_VERSION').severity).toBe('warning');
    expect(only(check({ policyVersion: 1 }), 'UNKNOWN_POLICY_VERSION').severity).toBe('error');
    expect(only(check({ policyVersion: 0 }), 'UNKNOWN_POLICY_VERSION').severity).toBe('error');
    expect(check({ policyVersion: 4 })).toEqual([]);
  });

  it('flags policy versions 2 and 3: an error after 30 Sep 2023, a warning before', () => {
    const late = check({ policyVersion: 3, purposeLegitimateInterests: [2, 3] });
    expect(only(late, 'OUTDATED_POLICY_VERSION').severity).toBe('error');
    const early = check({ ...OLD, purposeLegitimateInterests: [2, 3, 4, 5, 6] });
    // Under policy 2, LI on purposes 3–6 was legitimate, and unequal dates are not checked.
    expect(early.map((f) => [f.code, f.severity])).toEqual([['OUTDATED_POLICY_VERSION', 'warning']]);
  });

  it('flags IsServiceSpecific = 0 as an error', () => {
    expect(only(check({ isServiceSpecific: false }), 'NOT_SERVICE_SPECIFIC')).toMatchObject({ severity: 'error', field: 'isServiceSpecific' });
  });

  it('flags LI on purposes 1 and 3–6 from policy 4 as an error, purpose 1 before as a warning', () => {
    const f = only(check({ policyVersion: 4, purposeLegitimateInterests: [1, 2, 3, 6, 7] }), 'PURPOSE_LI_NOT_ALLOWED');
    expect(f).toMatchObject({ severity: 'error', field: 'purposeLegitimateInterests' });
    expect(f.message).toContain('purposes 1, 3, 6');
    const old = check({ ...OLD, purposeLegitimateInterests: [1, 3] });
    expect(only(old, 'PURPOSE_LI_NOT_ALLOWED').severity).toBe('warning');
    for (const id of [1, 3, 4, 5, 6]) expect(only(check({ purposeLegitimateInterests: [id] }), 'PURPOSE_LI_NOT_ALLOWED').severity).toBe('error');
    for (const id of [2, 7, 8, 9, 10, 11]) expect(check({ purposeLegitimateInterests: [id] })).toEqual([]);
  });

  it('flags a missing DisclosedVendors segment from policy 5: an error from March 2026, a warning before', () => {
    const late = only(check({ segments: ['core', 'publisherTC'] }), 'DISCLOSED_VENDORS_MISSING');
    expect(late).toMatchObject({ severity: 'error', field: 'vendorsDisclosed' });
    const day = '2025-06-03T00:00:00Z';
    expect(only(check({ segments: ['core'], created: day, lastUpdated: day }), 'DISCLOSED_VENDORS_MISSING').severity).toBe('warning');
    expect(check({ segments: ['core'], policyVersion: 4 })).toEqual([]);
  });

  it('flags Created != LastUpdated and dates that are not UTC midnights, from policy 4', () => {
    const unequal = check({ created: '2026-03-01T00:00:00Z' });
    expect(only(unequal, 'CREATED_NOT_LAST_UPDATED')).toMatchObject({ severity: 'warning', field: 'created' });
    const noon = '2026-03-02T12:00:00Z';
    const timed = check({ created: noon, lastUpdated: noon });
    expect(timed.filter((f) => f.code === 'DATE_NOT_DAY_GRANULARITY').map((f) => [f.field, f.severity])).toEqual([
      ['created', 'warning'],
      ['lastUpdated', 'warning'],
    ]);
    expect(timed.some((f) => f.code === 'CREATED_NOT_LAST_UPDATED')).toBe(false);
    // Not checked before TCF 2.2.
    const old = check({ ...OLD, created: '2020-01-01T10:00:00Z', lastUpdated: '2021-01-01T10:00:00Z' });
    expect(old.map((f) => f.code)).toEqual(['OUTDATED_POLICY_VERSION']);
  });

  it('flags bits for purposes above 11 (10 before policy 4) and special features above 2', () => {
    const f = check({ purposeConsents: [1, 12, 24], publisherConsents: [13], publisherRestrictions: [{ purposeId: 20, restrictionType: 0, vendorIds: [3] }] });
    expect(f.filter((x) => x.code === 'UNKNOWN_PURPOSE').map((x) => [x.field, x.severity])).toEqual([
      ['purposeConsents', 'warning'],
      ['publisherConsents', 'warning'],
      ['publisherRestrictions', 'warning'],
    ]);
    expect(f[0]!.message).toContain('purposes 12, 24');
    const old = check({ ...OLD, purposeLegitimateInterests: [11] });
    expect(old.map((x) => [x.code, x.field])).toEqual([
      ['OUTDATED_POLICY_VERSION', 'policyVersion'],
      ['UNKNOWN_PURPOSE', 'purposeLegitimateInterests'],
    ]);
    expect(check({ ...OLD })).toHaveLength(1);
    expect(check({ purposeLegitimateInterests: [11] })).toEqual([]);
    expect(only(check({ specialFeatureOptins: [1, 3, 12] }), 'UNKNOWN_SPECIAL_FEATURE')).toMatchObject({ severity: 'warning', field: 'specialFeatureOptins' });
  });

  it('notes vendor LI bits without any purpose LI bit (an info: special-purpose-only vendors have them)', () => {
    expect(only(check({ purposeLegitimateInterests: [] }), 'VENDOR_LI_WITHOUT_PURPOSE_LI')).toMatchObject({ severity: 'info', field: 'vendorLegitimateInterests' });
    expect(check({ purposeLegitimateInterests: [], vendorLegitimateInterests: [] })).toEqual([]);
  });

  it('flags vendors with a signal but absent from a DisclosedVendors segment', () => {
    const f = only(check({ vendorConsents: [1, 2, 30, 31], vendorLegitimateInterests: [2, 40] }), 'VENDOR_NOT_DISCLOSED');
    expect(f).toMatchObject({ severity: 'warning', field: 'vendorsDisclosed' });
    expect(f.message).toContain('3 vendors');
    expect(f.message).toContain('30, 31, 40');
    // The real-world V3 string: vendors with consent, an all-zero DisclosedVendors bitfield.
    const v3 = record(validate('CQd924AQd924AASACCENCNFsAP_gAEIAACiQL6QBAAGAAOANmAcAF9IAIADgAA.IL6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.YIAAAAAAAAAA'));
    expect(v3.map((x) => x.code)).toEqual(['VENDOR_NOT_DISCLOSED']);
    expect(v3[0]!.message).toContain('12, 14, 435, 448');
  });

  it('flags an AllowedVendors segment', () => {
    const f = check({ vendorsAllowed: [1], segments: ['core', 'vendorsDisclosed', 'vendorsAllowed'] });
    expect(only(f, 'ALLOWED_VENDORS_PRESENT')).toMatchObject({ severity: 'warning', field: 'vendorsAllowed' });
  });

  it('sorts findings errors first, then warnings, then infos', () => {
    const f = check({ isServiceSpecific: false, purposeLegitimateInterests: [], specialFeatureOptins: [5], policyVersion: 6, purposeConsents: [3] });
    expect(f.map((x) => x.severity)).toEqual(['error', 'warning', 'warning', 'info']);
    expect(f.map((x) => x.code)).toEqual(['NOT_SERVICE_SPECIFIC', 'UNKNOWN_POLICY_VERSION', 'UNKNOWN_SPECIAL_FEATURE', 'VENDOR_LI_WITHOUT_PURPOSE_LI']);
  });

  it('is documented: docs/cli.md has a table row for every code', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../docs/cli.md', import.meta.url), 'utf8');
    for (const code of ALL_CODES) expect(doc, code).toMatch(new RegExp('\\| `' + code + '` \\|'));
  });

  it('triggered every finding code in the tests above', () => {
    expect(everyCodeListed).toBe(true);
    expect([...ALL_CODES].filter((c) => !seen.has(c))).toEqual([]);
  });
});
