/**
 * Differential tests against the reference implementation, @iabtechlabtcf/core (the ORACLE):
 * byte-identical encoding of generated models, the same decoded view of those strings, and,
 * where the reference is wrong, explicit tests that record what it does and assert ours.
 *
 * How the reference is driven (read from node_modules/@iabtechlabtcf/core/lib/mjs):
 * - `SegmentEncoder.encode(tcModel, segment)` is its bare bit packing of one segment (24-bit
 *   padded base64url). `TCString.encode` is NOT used: it runs the SemanticPreEncoder first,
 *   which needs a GVL and rewrites the model (clears LI purposes 1 and 3–6, drops vendors not
 *   in the GVL, forces the GVL language). tcstring writes exactly the signals given.
 * - Publisher restrictions: `PurposeRestrictionVectorEncoder.encode` calls
 *   `prVector.gvl.vendorIds.has(id)` to decide how far a run may extend (it bridges ids that
 *   are not in the GVL). A stub whose `vendorIds.has()` is always true makes the next GVL
 *   vendor always `id + 1`, so runs are strictly consecutive ids, which is what tcstring
 *   writes. The stub has no `vendors`, so `PurposeRestrictionVector.isOkToHave` (guarded by
 *   `this.gvl?.vendors`) keeps every restriction.
 * - The reference's `cmpId` setter throws for 0 and 1, and its decoder assigns CmpId through
 *   that setter, so it cannot decode such strings at all (see the explicit test below). The
 *   generated models therefore use cmpId 2..4095 (arbitraries `forReference`), through the
 *   public setter rather than the private `cmpId_` field, so both directions can be compared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PurposeRestriction,
  SegmentEncoder,
  TCModel as RefTCModel,
  TCString,
  type GVL,
  type Purpose,
  type Segment,
  type Vector,
} from '@iabtechlabtcf/core';
import { decode, encode, isTCStringError, TCStringError, type TCModel, type TCModelInput } from '../src/index.js';
import {
  canonical,
  CORE_VENDOR_CONSENTS_AT,
  modelArb,
  readVectorAt,
  bitsOf,
  range,
  SIMPLE_CORE,
  sortUnique,
  TestBits,
  writeCoreFixed,
  type GenModel,
} from './arbitraries.js';
import { ID_SET_FIELDS, SCALAR_FIELDS } from './fields.js';

/** Models the reference can both encode and decode. */
const refModelArb = modelArb({ forReference: true });

/** See the file comment: every vendor "exists", and there is no `vendors` map to filter with. */
const GVL_STUB = { vendorIds: { has: (_id: number) => true } } as unknown as GVL;

/** The same model built in the reference, with its public setters. */
function toReference(m: GenModel): RefTCModel {
  const tc = new RefTCModel();
  tc.created = m.created;
  tc.lastUpdated = m.lastUpdated;
  if (m.version !== undefined) tc.version = m.version;
  if (m.cmpId !== undefined) tc.cmpId = m.cmpId;
  if (m.cmpVersion !== undefined) tc.cmpVersion = m.cmpVersion;
  if (m.consentScreen !== undefined) tc.consentScreen = m.consentScreen;
  if (m.consentLanguage !== undefined) tc.consentLanguage = m.consentLanguage;
  if (m.vendorListVersion !== undefined) tc.vendorListVersion = m.vendorListVersion;
  if (m.policyVersion !== undefined) tc.policyVersion = m.policyVersion;
  if (m.isServiceSpecific !== undefined) tc.isServiceSpecific = m.isServiceSpecific;
  if (m.useNonStandardTexts !== undefined) tc.useNonStandardTexts = m.useNonStandardTexts;
  if (m.purposeOneTreatment !== undefined) tc.purposeOneTreatment = m.purposeOneTreatment;
  if (m.publisherCountryCode !== undefined) tc.publisherCountryCode = m.publisherCountryCode;
  for (const key of ID_SET_FIELDS) {
    const ids = m[key];
    if (ids !== undefined && ids.length > 0) tc[key].set(ids);
  }
  tc.publisherRestrictions.gvl = GVL_STUB;
  for (const r of m.publisherRestrictions ?? []) {
    const pr = new PurposeRestriction(r.purposeId, r.restrictionType);
    for (const id of r.vendorIds) tc.publisherRestrictions.add(id, pr);
  }
  if (m.numCustomPurposes !== undefined) tc.numCustomPurposes = m.numCustomPurposes;
  else {
    // Without an explicit count the reference writes the largest key of `customPurposes`
    // (a GVL-style map); tcstring writes the largest custom purpose id. Same rule, so give
    // the reference the map it expects. (An empty map would make its getter return NaN.)
    const top = sortUnique([...(m.publisherCustomConsents ?? []), ...(m.publisherCustomLegitimateInterests ?? [])]);
    if (top.length > 0) {
      const map: Record<number, Purpose> = {};
      for (const id of top) map[id] = { id, name: `custom ${id}`, description: '' } as unknown as Purpose;
      tc.customPurposes = map;
    }
  }
  return tc;
}

function refEncode(tc: RefTCModel, segments: readonly string[]): string {
  return segments.map((s) => SegmentEncoder.encode(tc, s as Segment)).join('.');
}

/** A decoded model seen the same way for both libraries. */
interface View {
  scalars: Record<string, number | string | boolean>;
  sets: Record<string, number[]>;
  restrictions: [number, number, number[]][];
}

function byPair(a: [number, number, number[]], b: [number, number, number[]]): number {
  return a[0] - b[0] || a[1] - b[1];
}

function ourView(d: TCModel): View {
  const scalars: View['scalars'] = { created: d.created.getTime(), lastUpdated: d.lastUpdated.getTime() };
  for (const k of SCALAR_FIELDS) scalars[k] = d[k];
  const sets: View['sets'] = {};
  for (const k of ID_SET_FIELDS) sets[k] = d[k].toArray();
  const restrictions = d.publisherRestrictions.map((r): [number, number, number[]] => [r.purposeId, r.restrictionType, r.vendorIds.toArray()]).sort(byPair);
  return { scalars, sets, restrictions };
}

function refView(t: RefTCModel): View {
  const scalars: View['scalars'] = { created: t.created.getTime(), lastUpdated: t.lastUpdated.getTime() };
  for (const k of SCALAR_FIELDS) scalars[k] = t[k];
  const sets: View['sets'] = {};
  for (const k of ID_SET_FIELDS) sets[k] = sortUnique((t[k] as Vector).values());
  const pr = t.publisherRestrictions;
  const restrictions = pr
    .getRestrictions()
    .map((r): [number, number, number[]] => [r.purposeId, r.restrictionType, pr.getVendors(r)])
    .sort(byPair);
  return { scalars, sets, restrictions };
}

/** The view the generated model itself calls for, from its canonical JSON form. */
function modelView(m: GenModel): View {
  const c = canonical(m);
  const scalars: View['scalars'] = { created: Date.parse(c.created as string), lastUpdated: Date.parse(c.lastUpdated as string) };
  for (const k of SCALAR_FIELDS) scalars[k] = c[k] as number | string | boolean;
  const sets: View['sets'] = {};
  for (const k of ID_SET_FIELDS) sets[k] = c[k] as number[];
  const restrictions = (c.publisherRestrictions as { purposeId: number; restrictionType: number; vendorIds: number[] }[])
    .map((r): [number, number, number[]] => [r.purposeId, r.restrictionType, r.vendorIds])
    .sort(byPair);
  return { scalars, sets, restrictions };
}

const RUNS = 5000;

describe('differential: tcstring vs @iabtechlabtcf/core', () => {
  it(`encodes ${RUNS} generated models byte for byte like the reference's SegmentEncoder, and both decode them alike`, () => {
    fc.assert(
      fc.property(refModelArb, (m) => {
        const segments = m.segments!;
        const expected = refEncode(toReference(m), segments);
        const ours = encode(m as TCModelInput, { segments });
        expect(ours).toBe(expected);
        // A hand-built model in 'auto' follows the reference rule; say so explicitly too.
        expect(encode(m as TCModelInput, { segments, vectorEncoding: 'reference' })).toBe(expected);

        const fromRef = refView(TCString.decode(expected));
        const fromOurs = ourView(decode(expected));
        expect(fromOurs).toEqual(fromRef);
        expect(fromOurs).toEqual(modelView(m));
      }),
      { numRuns: RUNS },
    );
  });

  it("decodes strings in the other layout ('shortest') exactly as the reference does", () => {
    fc.assert(
      fc.property(refModelArb, (m) => {
        const s = encode(m as TCModelInput, { vectorEncoding: 'shortest' });
        expect(ourView(decode(s))).toEqual(refView(TCString.decode(s)));
      }),
      { numRuns: 1000 },
    );
  });

  // shared/tcf-format.md §5.1, "verified outputs": the reference itself, then ours, per set.
  const TABLE: [string, number[]][] = [
    ['[]', []],
    ['[1,2,3,4]', [1, 2, 3, 4]],
    ['[28]', [28]],
    ['[29]', [29]],
    ['[46]', [46]],
    ['1..45', range(1, 45)],
    ['1..46', range(1, 46)],
    ['1..48 without 24', range(1, 48).filter((x) => x !== 24)],
    ['[12,14,435,448]', [12, 14, 435, 448]],
    ['[1..5,100,404]', [1, 2, 3, 4, 5, 100, 404]],
    ['{10,20,30,40,50,100}', [10, 20, 30, 40, 50, 100]],
    ['{10,20,30,40,50,60,100}', [10, 20, 30, 40, 50, 60, 100]],
  ];
  it.each(TABLE)('§5.1 set %s: our vendor vector is the reference one, bit for bit', (_name, ids) => {
    const tc = new RefTCModel();
    tc.cmpId = 2;
    tc.created = tc.lastUpdated = new Date(0);
    if (ids.length > 0) tc.vendorConsents.set(ids);
    const ref = SegmentEncoder.encode(tc, 'core' as Segment);
    const ours = encode({ cmpId: 2, created: new Date(0), lastUpdated: new Date(0), vendorConsents: ids }, { segments: ['core'], vectorEncoding: 'reference' });
    expect(ours).toBe(ref);
    expect(readVectorAt(bitsOf(ours), CORE_VENDOR_CONSENTS_AT)).toEqual(readVectorAt(bitsOf(ref), CORE_VENDOR_CONSENTS_AT));
  });
});

// ------------------------------------------------------------------------------------------
// Where the reference is wrong: what it does, and what tcstring does instead.

/** Calls `fn`, returns what it threw (or fails the test if it did not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectOurError(fn: () => unknown, expected: Partial<Pick<TCStringError, 'code' | 'segment' | 'field' | 'bitOffset' | 'charIndex'>>): void {
  const error = thrown(fn);
  expect(isTCStringError(error)).toBe(true);
  expect(error).toBeInstanceOf(TCStringError);
  expect(error).toMatchObject(expected);
}

/** A core whose vendor consent section is range encoded with `entries`, given MaxVendorId. */
function coreWithConsentRange(maxVendorId: number, entries: [number, number, boolean][]): string {
  const w = writeCoreFixed(new TestBits(), SIMPLE_CORE);
  w.int(maxVendorId, 16).bool(true).int(entries.length, 12);
  for (const [s, e, isRange] of entries) {
    w.bool(isRange).int(s, 16);
    if (isRange) w.int(e, 16);
  }
  w.int(0, 16).bool(false); // empty vendor LI
  w.int(0, 12); // no publisher restrictions
  return w.toBase64Url();
}

/** A well-formed core with nothing set but SIMPLE_CORE's fields. */
const PLAIN_CORE = coreWithConsentRange(0, []);

describe('where the reference is wrong', () => {
  it('sanity: the hand-built core decodes identically in both', () => {
    expect(ourView(decode(PLAIN_CORE))).toEqual(refView(TCString.decode(PLAIN_CORE)));
    expect(decode(PLAIN_CORE).cmpId).toBe(880);
  });

  it('vendor range entry with end < start: the reference yields nothing silently; ours is INVALID_RANGE', () => {
    const s = coreWithConsentRange(10, [[8, 3, true]]);
    const ref = TCString.decode(s);
    expect(ref.vendorConsents.size).toBe(0); // observed: accepted, the entry names no vendor
    expectOurError(() => decode(s), {
      code: 'INVALID_RANGE',
      segment: 'core',
      field: 'vendorConsents.rangeEntries[0].endVendorId',
      bitOffset: CORE_VENDOR_CONSENTS_AT + 16 + 1 + 12 + 17,
    });
    // Lenient mode drops the entry, as the reference does.
    expect(decode(s, { lenient: true }).vendorConsents.toArray()).toEqual([]);
  });

  it('vendor ids above MaxVendorId: the reference ignores MaxVendorId; ours is INVALID_RANGE', () => {
    const s = coreWithConsentRange(10, [
      [3, 3, false],
      [20, 20, false],
    ]);
    const ref = TCString.decode(s);
    expect(sortUnique(ref.vendorConsents.values())).toEqual([3, 20]); // observed: 20 > MaxVendorId 10 kept
    expectOurError(() => decode(s), {
      code: 'INVALID_RANGE',
      segment: 'core',
      field: 'vendorConsents.rangeEntries[1].startOrOnlyVendorId',
      bitOffset: CORE_VENDOR_CONSENTS_AT + 16 + 1 + 12 + 17 + 1,
    });
    // The same for a range whose end passes MaxVendorId.
    const s2 = coreWithConsentRange(10, [[5, 12, true]]);
    expect(sortUnique(TCString.decode(s2).vendorConsents.values())).toEqual(range(5, 12));
    expectOurError(() => decode(s2), { code: 'INVALID_RANGE', field: 'vendorConsents.rangeEntries[0].endVendorId' });
    expect(decode(s, { lenient: true }).vendorConsents.toArray()).toEqual([3, 20]);
  });

  it("unknown core versions: the reference leaks a TypeError; ours is UNSUPPORTED_VERSION", () => {
    for (const version of [0, 3, 4, 7]) {
      const s = writeCoreFixed(new TestBits(), { ...SIMPLE_CORE, version }).int(0, 17).int(0, 17).int(0, 12).toBase64Url();
      const refError = thrown(() => TCString.decode(s));
      expect(refError).toBeInstanceOf(TypeError); // observed: "Cannot read properties of undefined (reading 'core')"
      expectOurError(() => decode(s), { code: 'UNSUPPORTED_VERSION', segment: 'core', field: 'version', bitOffset: 0, charIndex: 0 });
    }
    // Versions 8–63 put a non-zero SegmentType in the first 3 bits (§2.1): not a core at all.
    const v63 = writeCoreFixed(new TestBits(), { ...SIMPLE_CORE, version: 63 }).int(0, 17).int(0, 17).int(0, 12).toBase64Url();
    expect(thrown(() => TCString.decode(v63))).toBeInstanceOf(TypeError);
    expectOurError(() => decode(v63), { code: 'MISSING_CORE', charIndex: 0 });
    const d = PLAIN_CORE.replace(/^C/, 'D'); // first sextet 3 = version 3 (also how a GPP string starts)
    expect(thrown(() => TCString.decode(d))).toBeInstanceOf(TypeError);
    expectOurError(() => decode(d), { code: 'UNSUPPORTED_VERSION', charIndex: 0 });
  });

  it('unknown segment types (4–7): the reference leaks a TypeError; ours is UNKNOWN_SEGMENT_TYPE', () => {
    for (const seg of ['gAAA', 'oAAA', 'wAAA', '_AAA']) {
      const s = `${PLAIN_CORE}.${seg}`;
      const refError = thrown(() => TCString.decode(s));
      expect(refError).toBeInstanceOf(TypeError); // observed: "Cannot read properties of undefined (reading 'forEach')"
      expectOurError(() => decode(s), { code: 'UNKNOWN_SEGMENT_TYPE', field: 'segmentType', charIndex: PLAIN_CORE.length + 1 });
      // Lenient mode skips the segment.
      expect(decode(s, { lenient: true }).segments).toEqual(['core']);
    }
  });

  it('strings without a core: the reference returns a default model; ours is MISSING_CORE', () => {
    for (const s of ['IAAA', 'YAAAAAAAAAAA', 'IAAA.YAAAAAAAAAAA', 'QAAA']) {
      const ref = TCString.decode(s); // observed: no error at all
      expect(ref.version).toBe(2);
      expect(ref.cmpId).toBe(0);
      expectOurError(() => decode(s), { code: 'MISSING_CORE', charIndex: 0 });
      expectOurError(() => decode(s, { lenient: true }), { code: 'MISSING_CORE' });
    }
    // A core that is not first is still "no core first".
    expectOurError(() => decode(`IAAA.${PLAIN_CORE}`), { code: 'MISSING_CORE', charIndex: 0 });
  });

  it('CmpId 0 or 1: the reference cannot decode the string (its setter throws); ours returns the value', () => {
    for (const cmpId of [0, 1]) {
      const s = writeCoreFixed(new TestBits(), { ...SIMPLE_CORE, cmpId }).int(0, 17).int(0, 17).int(0, 12).toBase64Url();
      const refError = thrown(() => TCString.decode(s));
      expect((refError as Error).name).toBe('TCModelError'); // observed: "invalid value 0 passed for cmpId"
      expect(decode(s).cmpId).toBe(cmpId);
    }
  });
});
