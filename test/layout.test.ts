import { describe, expect, it } from 'vitest';
import { textBytes } from '../src/base64url.js';
import { BitReader, readMillis } from '../src/bit-reader.js';
import { CORE_FIELDS, CORE_FIXED_BITS, DATE, FLAGS, INT, BOOL, PUBLISHER_FIELDS } from '../src/layout.js';
import { decode, encode } from '../src/index.js';

// decode() reads the core header with straight-line code for speed, while encode() walks the
// CORE_FIELDS table. These tests hold the two to the same field order, widths and kinds.

const model = {
  created: new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 100)),
  lastUpdated: new Date(Date.UTC(2025, 1, 2, 3, 4, 5, 600)),
  cmpId: 4093,
  cmpVersion: 1234,
  consentScreen: 45,
  consentLanguage: 'FR',
  vendorListVersion: 3001,
  policyVersion: 37,
  isServiceSpecific: false,
  useNonStandardTexts: true,
  specialFeatureOptins: [1, 12],
  purposeConsents: [2, 3, 24],
  purposeLegitimateInterests: [1, 23],
  purposeOneTreatment: true,
  publisherCountryCode: 'QZ',
  publisherConsents: [5],
  publisherLegitimateInterests: [6, 24],
  publisherCustomConsents: [3],
  segments: ['core', 'publisherTC'] as const,
};

/** Reads a field the slow, generic way: from the table, with the shared BitReader. */
function readByTable(r: BitReader, bits: number, kind: number): unknown {
  if (kind === DATE) return new Date(readMillis(r)).toISOString();
  if (kind === INT) return r.u(bits);
  if (kind === BOOL) return r.bool();
  if (kind === FLAGS) {
    const ids: number[] = [];
    for (let id = 1; id <= bits; id++) if (r.bool()) ids.push(id);
    return ids;
  }
  return String.fromCharCode(65 + r.u(6), 65 + r.u(6));
}

describe('field layout', () => {
  const s = encode(model);
  const tc = decode(s);
  const json = JSON.parse(JSON.stringify(tc)) as Record<string, unknown>;

  it('core table widths add up to the 213 bits before the vendor section', () => {
    expect(CORE_FIELDS.reduce((n, f) => n + f[1], 0)).toBe(CORE_FIXED_BITS);
  });

  it('decoded keys follow the table order, then the variable sections', () => {
    expect(Object.keys(tc)).toEqual([
      ...CORE_FIELDS.map((f) => f[0]),
      'vendorConsents',
      'vendorLegitimateInterests',
      'publisherRestrictions',
      'vendorsDisclosed',
      'vendorsAllowed',
      ...PUBLISHER_FIELDS.map((f) => f[0]),
      'publisherCustomConsents',
      'publisherCustomLegitimateInterests',
      'segments',
    ]);
  });

  it('every core field decodes to what a table walk over the same bits reads', () => {
    const core = s.split('.')[0]!;
    const r = new BitReader(core, textBytes(core, 0, core.length, true), 0, core.length * 6, 'core');
    for (const [name, bits, kind] of CORE_FIELDS) {
      expect([name, json[name]]).toEqual([name, readByTable(r, bits, kind)]);
    }
    expect(r.pos).toBe(CORE_FIXED_BITS);
  });

  it('distinct values in every field survive the round trip', () => {
    expect(json).toMatchObject({
      ...model,
      created: '2024-05-06T07:08:09.100Z',
      lastUpdated: '2025-02-02T03:04:05.600Z',
      numCustomPurposes: 3,
      segments: ['core', 'publisherTC'],
    });
  });
});
