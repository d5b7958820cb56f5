/**
 * fast-check arbitraries for valid TC models and canonical TC strings, plus the small
 * test-only helpers the property and differential tests share: the canonical JSON form a
 * model must decode back to, and a bit writer/reader over plain arrays of 0/1 that is
 * independent of src/ (so a bug in the library's BitWriter cannot hide itself).
 *
 * Field ranges follow shared/tcf-format.md §3, §4, §6, §8.
 */
import fc from 'fast-check';
import { encode, type SegmentName, type TCModelInput } from '../src/index.js';

// ------------------------------------------------------------------------------------------
// Primitive values

/** Largest value of the 36-bit Created / LastUpdated fields (deciseconds). */
export const MAX_DECISECONDS = 2 ** 36 - 1;
/** Deciseconds in a day: the TCF 2.2+ day-level timestamps are multiples of this (§3). */
const DAY_DS = 864_000;

/** Whole deciseconds within 36 bits, biased towards the edges and day-level values. */
export const decisecondsArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(0, 1, MAX_DECISECONDS) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: Math.floor(MAX_DECISECONDS / DAY_DS) }).map((d) => d * DAY_DS) },
  {
    weight: 4,
    // fc.integer is limited to 32 bits: combine an 18-bit high and an 18-bit low half.
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 2 ** 18 - 1 }), fc.integer({ min: 0, max: 2 ** 18 - 1 }))
      .map(([hi, lo]) => hi * 2 ** 18 + lo),
  },
);

export const dateArb: fc.Arbitrary<Date> = decisecondsArb.map((ds) => new Date(ds * 100));

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Two letters A–Z; `mixedCase` also yields lowercase letters, which encode must uppercase. */
export function lettersArb(mixedCase: boolean): fc.Arbitrary<string> {
  const letter = fc.constantFrom(...(mixedCase ? UPPER + UPPER.toLowerCase() : UPPER));
  return fc.tuple(letter, letter).map(([a, b]) => a + b);
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

export function sortUnique(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** A subset of 1..max for the fixed bitfields (purposes 1–24, special features 1–12). */
export function flagsArb(max: number): fc.Arbitrary<number[]> {
  return fc.subarray(range(1, max));
}

// ------------------------------------------------------------------------------------------
// Vendor id sets (1..65535) in several shapes

/** Maximal runs `[start, end]` of a sorted unique id list. */
export function runsOf(ids: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const id of ids) {
    const last = runs[runs.length - 1];
    if (last !== undefined && id === last[1] + 1) last[1] = id;
    else runs.push([id, id]);
  }
  return runs;
}

const MAX_VENDOR = 65535;

/**
 * Sets whose final decision in §5.1's rule is a tie or off by one: with C the estimated cost
 * of the entries before the last plus 17 if the last entry is a run, the max id M is chosen so
 * that 29 + C − (17 + M) is −1, 0 or 1. (Random sets almost never land on these.)
 */
function referenceBoundaryArb(): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      fc.integer({ min: -1, max: 1 }),
    )
    .map(([prefix, lastIsRun, delta]) => {
      const ids: number[] = [];
      let next = 1;
      let c = 0;
      for (const [gap, len] of prefix) {
        const start = next + gap; // gap >= 1 keeps entries separate
        for (let id = start; id <= start + len; id++) ids.push(id);
        c += len === 0 ? 16 : 33;
        next = start + len + 1;
      }
      if (lastIsRun) c += 17;
      const m = 12 + c - delta;
      const lastStart = lastIsRun ? m - 1 : m;
      // Keep the final entry separate from the prefix; otherwise the set is still valid, just not at the boundary.
      if (lastStart > next) for (let id = lastStart; id <= m; id++) ids.push(id);
      return ids;
    });
}

/**
 * A sorted, unique vendor id list. The shapes are chosen for the bitfield-or-range decision
 * (§5.1): small sets that must stay bitfields, sets whose max sits at the 45/46 threshold,
 * sparse and spaced singles (where the reference picks the longer form), dense runs, bitfield
 * noise, and large max ids. Large shapes are rare because the reference's encoder is O(max id).
 */
export const vendorIdsArb: fc.Arbitrary<number[]> = fc
  .oneof(
    { weight: 2, arbitrary: fc.constant<number[]>([]) },
    // Small ids: always a bitfield in the reference rule.
    { weight: 3, arbitrary: fc.subarray(range(1, 45), { minLength: 1 }) },
    // Max id exactly at 40..52, anything below it.
    {
      weight: 3,
      arbitrary: fc.integer({ min: 40, max: 52 }).chain((m) => fc.subarray(range(1, m - 1)).map((xs) => [...xs, m])),
    },
    // 1..n around the threshold, optionally with one hole (1..48 without 24 is a §5.1 row).
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 40, max: 52 }), fc.option(fc.integer({ min: 1, max: 51 }), { nil: undefined }))
        .map(([n, hole]) => range(1, n).filter((x) => x !== hole)),
    },
    // Sparse singles.
    { weight: 3, arbitrary: fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 25 }) },
    // Arithmetic progressions: spaced singles such as {10,20,30,40,50,100}.
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }))
        .map(([start, step, count, tail]) => {
          const xs = range(0, count - 1).map((k) => start + k * step);
          if (tail !== undefined) xs.push(xs[xs.length - 1]! + tail);
          return xs;
        }),
    },
    // Dense runs mixed with singles.
    {
      weight: 3,
      arbitrary: fc
        .array(fc.tuple(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 300 })), { minLength: 1, maxLength: 6 })
        .map((rs) => rs.flatMap(([s, len]) => range(s, Math.min(MAX_VENDOR, s + len)))),
    },
    // Bitfield noise: random density over a window.
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 300 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 400 }))
        .map(([offset, bits]) => bits.flatMap((b, i) => (b ? [offset + i + 1] : []))),
    },
    // At the reference rule's decision boundary: 29 + C = 17 + M + delta, delta in -1..1.
    { weight: 2, arbitrary: referenceBoundaryArb() },
    // Large max ids, up to 65535.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.uniqueArray(fc.integer({ min: 1, max: MAX_VENDOR }), { maxLength: 6 }), fc.integer({ min: 60000, max: MAX_VENDOR }))
        .map(([xs, big]) => [...xs, big]),
    },
    // A rare very wide run (the reference expands ranges id by id when it decodes).
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1000, max: 20000 }))
        .map(([s, len]) => range(s, Math.min(MAX_VENDOR, s + len))),
    },
  )
  .map(sortUnique);

// ------------------------------------------------------------------------------------------
// Models

export interface GenRestriction {
  purposeId: number;
  restrictionType: 0 | 1 | 2;
  vendorIds: number[];
}

/**
 * A generated model: the JSON form (plus `Date`s), every id list sorted and unique. Fields
 * other than the dates may be absent (hand-built models rely on encode's defaults).
 */
export interface GenModel {
  version?: number;
  created: Date;
  lastUpdated: Date;
  cmpId?: number;
  cmpVersion?: number;
  consentScreen?: number;
  consentLanguage?: string;
  vendorListVersion?: number;
  policyVersion?: number;
  isServiceSpecific?: boolean;
  useNonStandardTexts?: boolean;
  specialFeatureOptins?: number[];
  purposeConsents?: number[];
  purposeLegitimateInterests?: number[];
  purposeOneTreatment?: boolean;
  publisherCountryCode?: string;
  vendorConsents?: number[];
  vendorLegitimateInterests?: number[];
  publisherRestrictions?: GenRestriction[];
  vendorsDisclosed?: number[];
  vendorsAllowed?: number[];
  publisherConsents?: number[];
  publisherLegitimateInterests?: number[];
  numCustomPurposes?: number;
  publisherCustomConsents?: number[];
  publisherCustomLegitimateInterests?: number[];
  segments?: SegmentName[];
}

export interface ModelArbOptions {
  /**
   * Shape the model for the reference (@iabtechlabtcf/core) too:
   * - every field present, except the ones whose default is compared on both sides;
   * - cmpId 2..4095: the reference's `cmpId` setter throws for 0 and 1, and its decoder goes
   *   through that setter, so a string with CmpId 0 or 1 cannot be decoded by the reference;
   * - unique (purposeId, restrictionType) pairs, because the reference merges entries with
   *   the same pair into one, and non-empty vendor lists, because the reference only creates
   *   a restriction when a vendor is added to it.
   */
  forReference?: boolean;
}

export const OTHER_SEGMENTS: SegmentName[] = ['vendorsDisclosed', 'vendorsAllowed', 'publisherTC'];

/** 'core' followed by any ordered subset of the other segments. */
export const segmentsArb: fc.Arbitrary<SegmentName[]> = fc
  .shuffledSubarray(OTHER_SEGMENTS)
  .map((rest) => ['core', ...rest] as SegmentName[]);

function restrictionArb(nonEmpty: boolean): fc.Arbitrary<GenRestriction> {
  return fc.record({
    purposeId: fc.integer({ min: 1, max: 63 }),
    restrictionType: fc.constantFrom(0 as const, 1 as const, 2 as const),
    vendorIds: nonEmpty ? vendorIdsArb.map((xs) => (xs.length > 0 ? xs : [1])) : vendorIdsArb,
  });
}

function restrictionsArb(forReference: boolean): fc.Arbitrary<GenRestriction[]> {
  const list = forReference
    ? fc.uniqueArray(restrictionArb(true), { minLength: 1, maxLength: 5, selector: (r) => r.purposeId * 4 + r.restrictionType })
    : fc.array(restrictionArb(false), { minLength: 1, maxLength: 5 });
  return fc.oneof({ weight: 1, arbitrary: fc.constant<GenRestriction[]>([]) }, { weight: 2, arbitrary: list });
}

/** Custom purpose consents and LI (ids 1–63) and, optionally, a NumCustomPurposes ≥ their max. */
const customArb = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 63 }), { maxLength: 10 }), fc.uniqueArray(fc.integer({ min: 1, max: 63 }), { maxLength: 10 }))
  .chain(([c, l]) => {
    const top = Math.max(0, ...c, ...l);
    return fc.record({
      consents: fc.constant(sortUnique(c)),
      lis: fc.constant(sortUnique(l)),
      num: fc.option(fc.integer({ min: top, max: 63 }), { nil: undefined }),
    });
  });

/**
 * The core fields from VendorListVersion to PurposeOneTreatment, in their order: the same for a
 * model and for a hand-built string's fixed fields.
 */
export const CORE_MIDDLE_ARBS = {
  vendorListVersion: fc.integer({ min: 0, max: 4095 }),
  policyVersion: fc.integer({ min: 0, max: 63 }),
  isServiceSpecific: fc.boolean(),
  useNonStandardTexts: fc.boolean(),
  specialFeatureOptins: flagsArb(12),
  purposeConsents: flagsArb(24),
  purposeLegitimateInterests: flagsArb(24),
  purposeOneTreatment: fc.boolean(),
};

/** Valid models; see {@link ModelArbOptions}. */
export function modelArb(options: ModelArbOptions = {}): fc.Arbitrary<GenModel> {
  const forReference = options.forReference === true;
  const fields = fc.record(
    {
      // Version is 2 for every TC string this library writes; present or defaulted.
      version: fc.constant(2),
      created: dateArb,
      lastUpdated: dateArb,
      cmpId: fc.integer({ min: forReference ? 2 : 0, max: 4095 }),
      cmpVersion: fc.integer({ min: 0, max: 4095 }),
      consentScreen: fc.integer({ min: 0, max: 63 }),
      consentLanguage: lettersArb(true),
      ...CORE_MIDDLE_ARBS,
      publisherCountryCode: lettersArb(true),
      vendorConsents: vendorIdsArb,
      vendorLegitimateInterests: vendorIdsArb,
      publisherRestrictions: restrictionsArb(forReference),
      vendorsDisclosed: vendorIdsArb,
      vendorsAllowed: vendorIdsArb,
      publisherConsents: flagsArb(24),
      publisherLegitimateInterests: flagsArb(24),
      custom: customArb,
      segments: segmentsArb,
    },
    // The reference needs a cmpId (see above) and both sides get explicit segments; any other
    // field may be missing, so the defaults of both libraries are compared too.
    { requiredKeys: forReference ? ['created', 'lastUpdated', 'cmpId', 'segments'] : ['created', 'lastUpdated'] },
  );
  return fields.map((f) => {
    const { custom, ...rest } = f;
    const m: GenModel = { ...rest };
    if (custom !== undefined) {
      m.publisherCustomConsents = custom.consents;
      m.publisherCustomLegitimateInterests = custom.lis;
      if (custom.num !== undefined) m.numCustomPurposes = custom.num;
    }
    return m;
  });
}

/** The segments a model is written with when it does not name them (TCF 2.3 order, §2.2). */
export const DEFAULT_SEGMENTS_EXPECTED: readonly SegmentName[] = ['core', 'vendorsDisclosed', 'publisherTC'];

/**
 * The canonical JSON form `JSON.parse(JSON.stringify(decode(encode(m))))` must equal: defaults
 * filled (those of the reference TCModel: version 2, policy 5, language EN, country AA,
 * service-specific; zero / false / empty otherwise), letters uppercase, ISO dates, sorted
 * unique arrays, NumCustomPurposes = given or the largest custom purpose id, and the fields of
 * segments that are not written reading back as empty.
 */
export function canonical(m: GenModel): Record<string, unknown> {
  const segments = m.segments ?? [...DEFAULT_SEGMENTS_EXPECTED];
  const has = (s: SegmentName) => segments.includes(s);
  const ids = (xs: readonly number[] | undefined) => sortUnique(xs ?? []);
  const pub = has('publisherTC');
  const customC = pub ? ids(m.publisherCustomConsents) : [];
  const customL = pub ? ids(m.publisherCustomLegitimateInterests) : [];
  return {
    version: m.version ?? 2,
    created: m.created.toISOString(),
    lastUpdated: m.lastUpdated.toISOString(),
    cmpId: m.cmpId ?? 0,
    cmpVersion: m.cmpVersion ?? 0,
    consentScreen: m.consentScreen ?? 0,
    consentLanguage: (m.consentLanguage ?? 'EN').toUpperCase(),
    vendorListVersion: m.vendorListVersion ?? 0,
    policyVersion: m.policyVersion ?? 5,
    isServiceSpecific: m.isServiceSpecific ?? true,
    useNonStandardTexts: m.useNonStandardTexts ?? false,
    specialFeatureOptins: ids(m.specialFeatureOptins),
    purposeConsents: ids(m.purposeConsents),
    purposeLegitimateInterests: ids(m.purposeLegitimateInterests),
    purposeOneTreatment: m.purposeOneTreatment ?? false,
    publisherCountryCode: (m.publisherCountryCode ?? 'AA').toUpperCase(),
    vendorConsents: ids(m.vendorConsents),
    vendorLegitimateInterests: ids(m.vendorLegitimateInterests),
    publisherRestrictions: (m.publisherRestrictions ?? []).map((r) => ({
      purposeId: r.purposeId,
      restrictionType: r.restrictionType,
      vendorIds: ids(r.vendorIds),
    })),
    vendorsDisclosed: has('vendorsDisclosed') ? ids(m.vendorsDisclosed) : [],
    vendorsAllowed: has('vendorsAllowed') ? ids(m.vendorsAllowed) : [],
    publisherConsents: pub ? ids(m.publisherConsents) : [],
    publisherLegitimateInterests: pub ? ids(m.publisherLegitimateInterests) : [],
    numCustomPurposes: pub ? (m.numCustomPurposes ?? Math.max(0, ...customC, ...customL)) : 0,
    publisherCustomConsents: customC,
    publisherCustomLegitimateInterests: customL,
    segments,
  };
}

/** Deterministic shuffle (a small LCG), so a presentation is reproducible from its seed. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * The same model in the other input forms `encode` accepts: ISO date strings, id lists
 * shuffled with duplicates, `Set`s. It must encode to the same string as the plain model.
 */
export function presentationArb(m: GenModel): fc.Arbitrary<TCModelInput> {
  return fc.record({ iso: fc.boolean(), messy: fc.boolean(), sets: fc.boolean(), seed: fc.integer() }).map(({ iso, messy, sets, seed }) => {
    const idsOf = (xs: number[]): Iterable<number> => {
      let out = xs;
      if (messy) out = shuffled([...xs, ...xs.slice(0, 3)], seed);
      return sets ? new Set(out) : out;
    };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(m)) {
      if (value instanceof Date) out[key] = iso ? value.toISOString() : value;
      else if (key === 'segments') out[key] = value;
      else if (key === 'publisherRestrictions') {
        out[key] = (value as GenRestriction[]).map((r) => ({ ...r, vendorIds: idsOf(r.vendorIds) }));
      } else if (Array.isArray(value)) out[key] = idsOf(value as number[]);
      else out[key] = value;
    }
    return out as unknown as TCModelInput;
  });
}

export type VectorEncoding = 'auto' | 'reference' | 'shortest';

/** Canonical strings (24-bit padded, as this library writes them) with the model they encode. */
export const canonicalStringWithModelArb: fc.Arbitrary<{ s: string; model: GenModel; vectorEncoding: VectorEncoding }> = fc
  .tuple(modelArb(), fc.constantFrom<VectorEncoding>('auto', 'reference', 'shortest'))
  .map(([model, vectorEncoding]) => ({ s: encode(model as TCModelInput, { vectorEncoding }), model, vectorEncoding }));

/** Canonical strings: `encode` of arbitrary models, in the 'auto', 'reference' and 'shortest' layouts. */
export const canonicalStringArb: fc.Arbitrary<string> = canonicalStringWithModelArb.map((x) => x.s);

// ------------------------------------------------------------------------------------------
// A test-only bit writer and reader (arrays of 0/1; slow and obviously correct)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export class TestBits {
  readonly bits: number[] = [];

  /** `value` as `n` bits, MSB first; arithmetic (not shifts) so 36-bit values stay exact. */
  int(value: number, n: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** n) throw new Error(`test writer: ${value} does not fit ${n} bits`);
    for (let i = n - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }

  bool(b: boolean): this {
    this.bits.push(b ? 1 : 0);
    return this;
  }

  /** Bitfield of `n` flags, flag k = id k+1. */
  flags(ids: readonly number[], n: number): this {
    const set = new Set(ids);
    for (let id = 1; id <= n; id++) this.bits.push(set.has(id) ? 1 : 0);
    return this;
  }

  letters(code: string): this {
    return this.int(code.charCodeAt(0) - 65, 6).int(code.charCodeAt(1) - 65, 6);
  }

  /** Range entries of a VendorVector or a restriction: NumEntries then one entry per run. */
  entries(runs: readonly (readonly [number, number])[]): this {
    this.int(runs.length, 12);
    for (const [s, e] of runs) {
      this.bool(s !== e).int(s, 16);
      if (s !== e) this.int(e, 16);
    }
    return this;
  }

  /** base64url, the bits zero-padded to a multiple of `pad` bits (24 like the reference). */
  toBase64Url(pad = 24): string {
    const bits = [...this.bits];
    while (bits.length % pad !== 0 || bits.length % 6 !== 0) bits.push(0);
    let out = '';
    for (let i = 0; i < bits.length; i += 6) {
      let v = 0;
      for (let k = 0; k < 6; k++) v = v * 2 + bits[i + k]!;
      out += ALPHABET[v];
    }
    return out;
  }
}

/** Fixed core fields (213 bits, §3) for a hand-built core; the vectors are the caller's. */
export interface CoreFixed {
  version: number;
  createdDs: number;
  lastUpdatedDs: number;
  cmpId: number;
  cmpVersion: number;
  consentScreen: number;
  consentLanguage: string;
  vendorListVersion: number;
  policyVersion: number;
  isServiceSpecific: boolean;
  useNonStandardTexts: boolean;
  specialFeatureOptins: number[];
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  purposeOneTreatment: boolean;
  publisherCountryCode: string;
}

export const SIMPLE_CORE: CoreFixed = {
  version: 2,
  createdDs: 17_489_088_000,
  lastUpdatedDs: 17_489_088_000,
  cmpId: 880,
  cmpVersion: 3,
  consentScreen: 1,
  consentLanguage: 'EN',
  vendorListVersion: 48,
  policyVersion: 5,
  isServiceSpecific: true,
  useNonStandardTexts: false,
  specialFeatureOptins: [1],
  purposeConsents: [1, 2, 3],
  purposeLegitimateInterests: [2, 7],
  purposeOneTreatment: false,
  publisherCountryCode: 'DE',
};

export function writeCoreFixed(w: TestBits, c: CoreFixed): TestBits {
  return w
    .int(c.version, 6)
    .int(c.createdDs, 36)
    .int(c.lastUpdatedDs, 36)
    .int(c.cmpId, 12)
    .int(c.cmpVersion, 12)
    .int(c.consentScreen, 6)
    .letters(c.consentLanguage)
    .int(c.vendorListVersion, 12)
    .int(c.policyVersion, 6)
    .bool(c.isServiceSpecific)
    .bool(c.useNonStandardTexts)
    .flags(c.specialFeatureOptins, 12)
    .flags(c.purposeConsents, 24)
    .flags(c.purposeLegitimateInterests, 24)
    .bool(c.purposeOneTreatment)
    .letters(c.publisherCountryCode);
}

/** The bits of one base64url segment, MSB first. */
export function bitsOf(segment: string): number[] {
  const bits: number[] = [];
  for (const ch of segment) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`test reader: '${ch}' is not base64url`);
    for (let k = 5; k >= 0; k--) bits.push((v >> k) & 1);
  }
  return bits;
}

/** A VendorVector as written: MaxVendorId, form, ids, and its length in bits. */
export interface ParsedVector {
  maxVendorId: number;
  form: 'bitfield' | 'range';
  ids: number[];
  bitLength: number;
}

/** Reads a VendorVector (§4) starting at bit `at`. */
export function readVectorAt(bits: readonly number[], at: number): ParsedVector {
  let p = at;
  const int = (n: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const b = bits[p++];
      if (b === undefined) throw new Error('test reader: ran past the end');
      v = v * 2 + b;
    }
    return v;
  };
  const maxVendorId = int(16);
  const isRange = int(1) === 1;
  const ids: number[] = [];
  if (!isRange) {
    for (let id = 1; id <= maxVendorId; id++) if (int(1) === 1) ids.push(id);
  } else {
    const n = int(12);
    for (let i = 0; i < n; i++) {
      const pair = int(1) === 1;
      const s = int(16);
      const e = pair ? int(16) : s;
      for (let id = s; id <= e; id++) ids.push(id);
    }
  }
  return { maxVendorId, form: isRange ? 'range' : 'bitfield', ids: sortUnique(ids), bitLength: p - at };
}

/** Bit offset of the vendor consent section in the core (§3). */
export const CORE_VENDOR_CONSENTS_AT = 213;
