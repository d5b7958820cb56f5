/**
 * The fuzz properties, shared by `test/fuzz.test.ts` (a few seconds in CI), `scripts/fuzz.ts` (at
 * length) and `test/regressions.test.ts` (replays every counterexample ever found).
 *
 * Every property's input is plain JSON (a string, or a JSON description of a hostile model), so a
 * counterexample can be written to `test/regressions/*.json` and replayed as is.
 */
import fc from 'fast-check';
import {
  decode,
  encode,
  IdSet,
  isTCStringError,
  TCStringError,
  type EncodeOptions,
  type SegmentName,
  type TCModel,
  type TCStringErrorCode,
} from '../src/index.js';
import { TestBits, type Entry } from './hostile-inputs.js';
import { MODEL_KEYS } from './fields.js';

// ---------------------------------------------------------------------------------------------
// The error family

/** Every member of the `TCStringErrorCode` union (src/errors.ts), checked both ways at compile time. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'INPUT_TOO_LONG',
  'INVALID_CHARACTER',
  'EMPTY_SEGMENT',
  'MISSING_CORE',
  'UNSUPPORTED_VERSION',
  'TCF_V1_UNSUPPORTED',
  'UNKNOWN_SEGMENT_TYPE',
  'DUPLICATE_SEGMENT',
  'UNEXPECTED_END',
  'INVALID_RANGE',
  'INVALID_RESTRICTION_TYPE',
  'INVALID_PURPOSE_ID',
  'INVALID_LETTER',
  'TOO_MANY_IDS',
  'INVALID_VALUE',
] as const satisfies readonly TCStringErrorCode[];
// If a code is added to the union and not here, this line stops compiling.
const everyCodeListed: [Exclude<TCStringErrorCode, (typeof ERROR_CODES)[number]>] extends [never] ? true : false = true;
void everyCodeListed;

const SEGMENTS: readonly SegmentName[] = ['core', 'vendorsDisclosed', 'vendorsAllowed', 'publisherTC'];
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** decode's default maxLength (src/decode.ts DECODE_DEFAULTS). */
const DEFAULT_MAX_LENGTH = 131072;

/** A property violation: what the fuzzers report. */
export class PropertyViolation extends Error {
  override name = 'PropertyViolation';
}

function violated(message: string): never {
  throw new PropertyViolation(message);
}

/** One line describing any thrown value, for reports. */
export function describeThrown(e: unknown): string {
  if (isTCStringError(e)) return `TCStringError ${e.code} (segment ${e.segment}, field ${e.field}, bit ${e.bitOffset}, char ${e.charIndex}): ${e.message}`;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `non-error ${typeof e}: ${String(e)}`;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Checks that `e` is one of ours, well formed: a code of the union, a message, a known segment or
 * null, a field or null, and integer positions within the input. `label` names the call.
 */
export function checkErrorShape(e: unknown, label: string, inputLength: number | null): asserts e is TCStringError {
  if (!isTCStringError(e)) violated(`${label} threw something other than a TCStringError: ${describeThrown(e)}`);
  if (!(e instanceof TCStringError)) violated(`${label}: a branded error that is not a TCStringError`);
  if (!(ERROR_CODES as readonly string[]).includes(e.code)) violated(`${label}: code ${String(e.code)} is not in the union`);
  if (typeof e.message !== 'string' || e.message.length === 0) violated(`${label}: empty message`);
  if (e.segment !== null && !SEGMENTS.includes(e.segment)) violated(`${label}: unknown segment ${String(e.segment)}`);
  if (e.field !== null && (typeof e.field !== 'string' || e.field.length === 0)) violated(`${label}: bad field ${String(e.field)}`);
  if (e.bitOffset !== null && !(isInt(e.bitOffset) && e.bitOffset >= 0)) violated(`${label}: bad bitOffset ${String(e.bitOffset)}`);
  if (e.charIndex !== null) {
    if (!(isInt(e.charIndex) && e.charIndex >= 0)) violated(`${label}: bad charIndex ${String(e.charIndex)}`);
    if (inputLength !== null && e.charIndex > inputLength) violated(`${label}: charIndex ${e.charIndex} is past the input's ${inputLength} characters`);
  }
}

/** Characters lenient decoding rewrites or strips (src/decode.ts `tidy`): positions then refer to the tidied text. */
function tidyInvariant(s: string): boolean {
  return s.trim() === s && !/[=+/]/.test(s);
}

function sextet(ch: string | undefined): number {
  return ch === undefined ? -1 : ALPHABET.indexOf(ch);
}

/** Checks an error of `decode(s)`, including that its positions point at the right place. */
export function checkDecodeError(e: unknown, s: string, lenient: boolean): asserts e is TCStringError {
  const label = `decode(${lenient ? 'lenient' : 'strict'})`;
  checkErrorShape(e, label, s.length);
  if (e.code === 'INVALID_INPUT' || e.code === 'INVALID_VALUE') violated(`${label}: ${e.code} for a string input: ${e.message}`);
  if (e.code === 'INPUT_TOO_LONG' && s.length <= DEFAULT_MAX_LENGTH) violated(`${label}: INPUT_TOO_LONG for ${s.length} characters`);
  if (lenient && !tidyInvariant(s)) return;
  const ci = e.charIndex;
  if (e.code === 'INVALID_CHARACTER') {
    if (ci === null || ci >= s.length) violated(`${label}: INVALID_CHARACTER without a character index`);
    if (sextet(s[ci]) >= 0 || s[ci] === '.') violated(`${label}: INVALID_CHARACTER points at valid character '${s[ci]}' (index ${ci})`);
  }
  if (e.code === 'EMPTY_SEGMENT') {
    if (ci === null || !(ci === 0 || s[ci - 1] === '.') || !(ci === s.length || s[ci] === '.')) {
      violated(`${label}: EMPTY_SEGMENT at index ${ci}, which is not an empty segment`);
    }
  }
  if (e.bitOffset === null) return;
  if (ci === null) violated(`${label}: a bitOffset without a charIndex`);
  // The segment's first character, from the two positions; it must start a segment of that type.
  const segStart = ci - Math.floor(e.bitOffset / 6);
  if (segStart < 0 || !(segStart === 0 || s[segStart - 1] === '.')) {
    violated(`${label}: charIndex ${ci} and bitOffset ${e.bitOffset} do not locate a segment start (${segStart})`);
  }
  const dot = s.indexOf('.', segStart);
  const segBits = ((dot < 0 ? s.length : dot) - segStart) * 6;
  const limit = e.code === 'UNEXPECTED_END' ? segBits : segBits - 1;
  if (e.bitOffset > limit) violated(`${label}: bitOffset ${e.bitOffset} is past the segment's ${segBits} bits (${e.code})`);
  const type = sextet(s[segStart]) >> 3;
  if (type >= 0 && e.segment !== null && e.segment !== SEGMENTS[type]) {
    violated(`${label}: error names segment ${e.segment} but the segment at ${segStart} has type ${type}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Model checks

/** Runs of a set as `[s, e, s, e, …]`, never expanded. */
export function runsOf(set: IdSet): number[] {
  const runs: number[] = [];
  set.forEachRun((s, e) => {
    runs.push(s, e);
  });
  return runs;
}

/** A compact canonical text of a decoded model: sets as runs, dates as epoch milliseconds. */
export function canonical(tc: TCModel): string {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(tc).sort()) {
    const v = (tc as unknown as Record<string, unknown>)[key];
    if (v instanceof IdSet) out[key] = runsOf(v);
    else if (v instanceof Date) out[key] = v.getTime();
    else if (key === 'publisherRestrictions') {
      out[key] = (v as TCModel['publisherRestrictions']).map((r) => [r.purposeId, r.restrictionType, runsOf(r.vendorIds)]);
    } else out[key] = v;
  }
  return JSON.stringify(out);
}

const SET_LIMITS: Record<string, number> = {
  specialFeatureOptins: 12,
  purposeConsents: 24,
  purposeLegitimateInterests: 24,
  vendorConsents: 65535,
  vendorLegitimateInterests: 65535,
  vendorsDisclosed: 65535,
  vendorsAllowed: 65535,
  publisherConsents: 24,
  publisherLegitimateInterests: 24,
  publisherCustomConsents: 63,
  publisherCustomLegitimateInterests: 63,
};

function checkSet(set: unknown, name: string, limit: number): void {
  if (!(set instanceof IdSet)) violated(`${name} is not an IdSet`);
  const runs = runsOf(set);
  let size = 0;
  for (let i = 0; i < runs.length; i += 2) {
    const s = runs[i]!;
    const e = runs[i + 1]!;
    if (!(s >= 1 && s <= e && e <= limit)) violated(`${name}: run ${s}-${e} outside 1-${limit}`);
    if (i > 0 && s <= runs[i - 1]! + 1) violated(`${name}: runs not sorted and merged`);
    if (!set.has(s) || !set.has(e) || set.has(s - 1) || set.has(e + 1)) violated(`${name}: has() disagrees with run ${s}-${e}`);
    size += e - s + 1;
  }
  if (set.size !== size) violated(`${name}: size ${set.size}, runs hold ${size}`);
  if (set.has(0) || set.has(1.5) || set.has(NaN) || set.has(-1)) violated(`${name}: has() accepts a non-id`);
}

/** The shape every decoded model has, lenient or not. */
export function checkModel(tc: TCModel, lenient: boolean): void {
  if (!Object.isFrozen(tc)) violated('decoded model is not frozen');
  if (tc.version !== 2) violated(`version ${tc.version}`);
  for (const d of ['created', 'lastUpdated'] as const) {
    const t = tc[d];
    if (!(t instanceof Date) || !Number.isFinite(t.getTime()) || t.getTime() % 100 !== 0 || t.getTime() < 0) violated(`${d}: ${String(t)}`);
  }
  const ints: [keyof TCModel, number][] = [
    ['cmpId', 4095],
    ['cmpVersion', 4095],
    ['consentScreen', 63],
    ['vendorListVersion', 4095],
    ['policyVersion', 63],
    ['numCustomPurposes', 63],
  ];
  for (const [k, max] of ints) {
    const v = tc[k];
    if (!(isInt(v) && v >= 0 && v <= max)) violated(`${k}: ${String(v)}`);
  }
  for (const k of ['consentLanguage', 'publisherCountryCode'] as const) {
    const v = tc[k];
    if (typeof v !== 'string' || v.length !== 2) violated(`${k}: ${String(v)}`);
    if (!lenient && !/^[A-Z]{2}$/.test(v)) violated(`${k}: ${v} in strict mode`);
  }
  for (const k of ['isServiceSpecific', 'useNonStandardTexts', 'purposeOneTreatment'] as const) {
    if (typeof tc[k] !== 'boolean') violated(`${k} is not a boolean`);
  }
  for (const [k, limit] of Object.entries(SET_LIMITS)) checkSet((tc as unknown as Record<string, unknown>)[k], k, limit);
  if (tc.publisherCustomConsents.max > tc.numCustomPurposes || tc.publisherCustomLegitimateInterests.max > tc.numCustomPurposes) {
    violated('a custom purpose above numCustomPurposes');
  }
  if (!Object.isFrozen(tc.publisherRestrictions)) violated('publisherRestrictions is not frozen');
  tc.publisherRestrictions.forEach((r, i) => {
    // Entries are plain objects, not frozen one by one (README "Limits": it is a quarter of the
    // cost of a restriction-heavy decode); the list itself is frozen.
    if (Object.getPrototypeOf(r) !== Object.prototype || Object.keys(r).join() !== 'purposeId,restrictionType,vendorIds') {
      violated(`publisherRestrictions[${i}] is not a plain {purposeId, restrictionType, vendorIds}`);
    }
    if (!(isInt(r.purposeId) && r.purposeId >= 1 && r.purposeId <= 63)) violated(`publisherRestrictions[${i}].purposeId ${r.purposeId}`);
    if (r.restrictionType !== 0 && r.restrictionType !== 1 && r.restrictionType !== 2) violated(`publisherRestrictions[${i}].restrictionType ${String(r.restrictionType)}`);
    checkSet(r.vendorIds, `publisherRestrictions[${i}].vendorIds`, 65535);
  });
  const segs = tc.segments;
  if (!Object.isFrozen(segs) || segs[0] !== 'core' || new Set(segs).size !== segs.length || !segs.every((n) => SEGMENTS.includes(n))) {
    violated(`segments ${JSON.stringify(segs)}`);
  }
}

const LETTER_FIELDS = new Set(['consentLanguage', 'publisherCountryCode']);

/**
 * Open bugs of src/ that the decode property steps around, so that CI stays green while they are
 * open: each says when a decoded model's re-encoding is not to be checked. Each one has a
 * regression file with `"status": "open"`, replayed as `it.fails` with tolerance off. Delete the
 * entry when src/ is fixed; `scripts/fuzz.ts --no-tolerance` runs without them.
 *
 * History: `lenientLowercaseLetters` (lenient decoding gave letter values 32–57 as 'a'–'z', which
 * encode read back as A–Z) was fixed in src/decode.ts; its vector is
 * test/regressions/decode-mutated-lenient-lowercase-letters.json.
 */
export const KNOWN_BUGS: readonly { readonly name: string; readonly skipReencode: (tc: TCModel, lenient: boolean) => boolean }[] = [];

let tolerance = true;

/** Whether the checks step around {@link KNOWN_BUGS} (default true). */
export function tolerateKnownBugs(on: boolean): void {
  tolerance = on;
}

/**
 * The decode property: for strict and lenient decoding, `s` gives a well-formed model or one of
 * our errors; decoding is deterministic; a strict success also decodes leniently to the same
 * model; and a decoded model encodes back (lenient models may hold letters outside A–Z) to a
 * string that strictly decodes to the same model and re-encodes to itself.
 */
export function checkDecodeString(s: string): void {
  let strict: string | null = null;
  for (const lenient of [false, true]) {
    const label = lenient ? 'lenient' : 'strict';
    let tc: TCModel;
    try {
      tc = decode(s, { lenient });
    } catch (e) {
      checkDecodeError(e, s, lenient);
      if (lenient && strict !== null) violated(`strict decoding succeeded but lenient threw ${describeThrown(e)}`);
      continue;
    }
    checkModel(tc, lenient);
    const c = canonical(tc);
    if (canonical(decode(s, { lenient })) !== c) violated(`${label} decoding is not deterministic`);
    if (!lenient) strict = c;
    else if (strict !== null && strict !== c) violated(`lenient decoding of a strictly valid string differs:\n strict  ${strict}\n lenient ${c}`);
    if (tolerance && KNOWN_BUGS.some((b) => b.skipReencode(tc, lenient))) continue;
    let s2: string;
    try {
      s2 = encode(tc);
    } catch (e) {
      checkErrorShape(e, `encode(decode(${label}))`, null);
      if (!lenient) violated(`encode of a strictly decoded model threw ${describeThrown(e)}`);
      if (e.code !== 'INVALID_VALUE' || !LETTER_FIELDS.has(e.field ?? '')) {
        violated(`encode of a leniently decoded model threw ${describeThrown(e)}`);
      }
      continue;
    }
    let tc2: TCModel;
    try {
      tc2 = decode(s2);
    } catch (e) {
      violated(`encode(decode(${label}(s))) = ${s2} does not decode strictly: ${describeThrown(e)}`);
    }
    const c2 = canonical(tc2);
    if (c2 !== c) violated(`decode(encode(decode(s))) differs from decode(s) (${label}):\n before ${c}\n after  ${c2}\n re-encoded ${s2}`);
    const s3 = encode(tc2);
    if (s3 !== s2) violated(`re-encoding is not idempotent (${label}): ${s2} then ${s3}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Seeds

/** Valid and near-valid strings from shared/tcf-format.md §11, copied exactly. */
export const SEED_VECTORS: readonly string[] = [
  // V1, current spec example.
  'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA',
  // V2, range-encoded cores.
  'COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAYFfAV-BVkAGBVYFWAAA',
  'COwBOpCOwBOpCLqAAAENAPCAAAAAAAAAAAAAFfwAQFfgUbABAUaAAA',
  'COv__-wOv__-wC2AAAENAPCgAAAAAAAAAAAAA_wAQA_gEBABAEAAAA',
  // V3, TCF 2.3-era string with a 1524-bit disclosed bitfield.
  'CQd924AQd924AASACCENCNFsAP_gAEIAACiQL6QBAAGAAOANmAcAF9IAIADgAA.IL6AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.YIAAAAAAAAAA',
  // V4, 17 publisher restrictions; and with the truncated disclosed segment that must fail.
  'CLSYjTaOngnCIAOABBENAXCMAGOAABBAAA7IA5n-m7fP6_3fbqVv6E__PoA5Aqff3aJx8tv_1967rfnQEQoAIAAQCrwkAEABAcACABIMACAAuApEVABABUSABgBCAVSAtIoACACIArYQAHACgAFgAVwBJgDcAI7AWgMAAgBiKgAgBMgFfKQAQBRkQAQA4AFiBAAoA-AEVAJlAVgAtYcACAJcAr4eABAK8OgBgFzAOmAqwgABAWyA',
  'CLSYjTaOngnCIAOABBENAXCMAGOAABBAAA7IA5n-m7fP6_3fbqVv6E__PoA5Aqff3aJx8tv_1967rfnQEQoAIAAQCrwkAEABAcACABIMACAAuApEVABABUSABgBCAVSAtIoACACIArYQAHACgAFgAVwBJgDcAI7AWgMAAgBiKgAgBMgFfKQAQBRkQAQA4AFiBAAoA-AEVAJlAVgAtYcACAJcAr4eABAK8OgBgFzAOmAqwgABAWyA.IFukWSQh',
  // V5, disclosed and allowed bitfields, with the V6 publisher segment (and its '=').
  'COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA.IBAgAAAgAIAwgAgAAAAEAAAACA.QAagAQAgAIAwgA',
  'COrEAV4OrXx94ACABBENAHCIAD-AAAAAAACAAxAAAAgAIAwgAgAAAAEAgQAAAAAEAYQAQAAAACAAAABAAA.IBAgAAAgAIAwgAgAAAAEAAAACA.QAagAQAgAIAwgA.cAAAAAAAITg=',
  // V6, publisher TC examples.
  'CPTtLAAPTtLAAAKAAAENAAFgALwAAEAAAAAAAOgAgABgAAAA.IAoAAgABgAAEAQAAEAAA.d4AACEAAAAAA',
  'CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA',
  // V7, V8.
  'COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA',
  'COrVd1pOrVd1pACABCENAHCAAAAAAAAAAAiQAAAAAAAA',
  'CO5dPi4O5dPx2B7DvCENA2CgAAAAAAAAAAAAGewAAM8gAAAA.YAAAAAAAAAAA',
  'CAAAAAAAAAAAAAAAAAENAACAAAAAAAAAAAAAAAAAAAAA.QAAA.IAAA',
  // V9, 47-character core and a 720-bit disclosed bitfield.
  'COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA.IFoEUQQgAIQwgIwQABAEAAAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAgAAQARAEQAAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw',
  // V10, legacy v1.1.
  'BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA',
];

/** Strings the fuzzers derive cases from: the vectors, plus encodings of a few fixed models. */
export function seedStrings(): string[] {
  const base = { created: '2025-06-03T00:00:00Z', lastUpdated: '2025-06-03T00:00:00Z', cmpId: 880 };
  return [
    ...SEED_VECTORS,
    encode(base),
    encode({ ...base, vendorConsents: [1, 2, 3, 100, 101, 102, 65535], vendorLegitimateInterests: [7] }),
    encode({
      ...base,
      publisherRestrictions: [
        { purposeId: 2, restrictionType: 1, vendorIds: [1, 2, 3, 10] },
        { purposeId: 7, restrictionType: 0, vendorIds: [65535] },
      ],
      vendorsDisclosed: [5, 6, 7, 8, 900],
      publisherCustomConsents: [1, 3],
      publisherCustomLegitimateInterests: [2],
      segments: ['core', 'vendorsDisclosed', 'vendorsAllowed', 'publisherTC'],
      vendorsAllowed: [1],
    }),
  ];
}

/** Deterministic cases: every prefix of every seed (truncation at each position) and each one-character deletion. */
export function exhaustiveCases(): string[] {
  const out: string[] = [];
  for (const s of seedStrings()) {
    for (let i = 0; i <= s.length; i++) out.push(s.slice(0, i));
    for (let i = 0; i < s.length; i++) out.push(s.slice(0, i) + s.slice(i + 1));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: strings

const B64_CHARS = ALPHABET.split('');
const NEAR_CHARS = [...B64_CHARS, '.', '.', '.', '=', ' ', '+', '/', '\n', '\t', '*', 'é', '\u00a0', '\u0000', '\ud800', '😀'];

const arbitraryString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...NEAR_CHARS), maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...B64_CHARS, '.'), maxLength: 300 }).map((s) => 'C' + s),
);

/** Bits to base64url: `bytes` cut to `bitLength` bits, then zero-filled to a whole character. */
function bitsToBase64url(bytes: Uint8Array, bitLength: number): string {
  const w = new TestBits();
  const n = Math.min(bitLength, bytes.length * 8);
  for (let i = 0; i < n; i++) w.bit((bytes[i >>> 3]! >> (7 - (i & 7))) & 1);
  return w.toBase64url(6);
}

/** Random bit sequences as segments; the first sextet is often a v2 core's (`C`) or a known segment type. */
const randomBitSegments: fc.Arbitrary<string> = fc
  .array(
    fc.record({
      first: fc.oneof({ weight: 3, arbitrary: fc.constant('C') }, fc.constantFrom('I', 'Q', 'Y', 'd'), fc.constantFrom(...B64_CHARS)),
      bytes: fc.uint8Array({ maxLength: 120 }),
      cut: fc.nat({ max: 960 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((segs) => segs.map((g) => g.first + bitsToBase64url(g.bytes, g.cut)).join('.'));

// A structure-aware generator: real field layouts with random, often invalid, values, so that
// random input reaches the vendor vectors, range entries, restrictions and later segments.

const idArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 2000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 65500, max: 65535 }) },
);
const entryArb: fc.Arbitrary<Entry> = fc.oneof(idArb.map((a): Entry => [a]), fc.tuple(idArb, idArb).map(([a, b]): Entry => [a, b]));

interface VectorPlan {
  range: boolean;
  max: number;
  bits: Uint8Array;
  entries: Entry[];
  declared: number | null;
}
const vectorArb: fc.Arbitrary<VectorPlan> = fc.record({
  range: fc.boolean(),
  max: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 300 }) }, idArb, fc.integer({ min: 0, max: 65535 })),
  bits: fc.uint8Array({ maxLength: 40 }),
  entries: fc.array(entryArb, { maxLength: 6 }),
  declared: fc.option(fc.integer({ min: 0, max: 4095 }), { freq: 6 }),
});

function writeVector(w: TestBits, v: VectorPlan): void {
  w.push(v.max, 16);
  w.push(v.range ? 1 : 0, 1);
  if (v.range) {
    w.push(v.declared ?? v.entries.length, 12);
    for (const e of v.entries) {
      w.push(e.length === 2 ? 1 : 0, 1);
      w.push(e[0], 16);
      if (e.length === 2) w.push(e[1], 16);
    }
  } else {
    for (let i = 0; i < v.max; i++) w.bit(i < v.bits.length * 8 ? (v.bits[i >>> 3]! >> (7 - (i & 7))) & 1 : (i * 7) % 3 === 0 ? 1 : 0);
  }
}

const letterArb = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 25 }) }, fc.integer({ min: 26, max: 63 }));

const corePlanArb = fc.record({
  version: fc.oneof({ weight: 12, arbitrary: fc.constant(2) }, fc.integer({ min: 0, max: 63 })),
  created: fc.integer({ min: 0, max: 2 ** 36 - 1 }),
  ints: fc.tuple(fc.nat({ max: 4095 }), fc.nat({ max: 4095 }), fc.nat({ max: 63 }), fc.nat({ max: 4095 }), fc.nat({ max: 63 })),
  flags: fc.tuple(fc.nat({ max: 4095 }), fc.nat({ max: 2 ** 24 - 1 }), fc.nat({ max: 2 ** 24 - 1 }), fc.nat({ max: 7 })),
  letters: fc.tuple(letterArb, letterArb, letterArb, letterArb),
  consents: vectorArb,
  lis: vectorArb,
  restrictions: fc.array(
    fc.record({
      purposeId: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 11 }) }, fc.integer({ min: 0, max: 63 })),
      type: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }) }, fc.constant(3)),
      entries: fc.array(entryArb, { maxLength: 4 }),
    }),
    { maxLength: 4 },
  ),
  declaredRestrictions: fc.option(fc.integer({ min: 0, max: 4095 }), { freq: 8 }),
  trailing: fc.uint8Array({ maxLength: 5 }),
});

type CorePlan = typeof corePlanArb extends fc.Arbitrary<infer T> ? T : never;

function buildCore(p: CorePlan): TestBits {
  const w = new TestBits();
  w.push(p.version, 6).push(p.created, 36).push(p.created, 36);
  w.push(p.ints[0], 12).push(p.ints[1], 12).push(p.ints[2], 6);
  w.push(p.letters[0], 6).push(p.letters[1], 6);
  w.push(p.ints[3], 12).push(p.ints[4], 6);
  w.push(p.flags[3] & 1, 1).push((p.flags[3] >> 1) & 1, 1);
  w.push(p.flags[0], 12).push(p.flags[1], 24).push(p.flags[2], 24).push((p.flags[3] >> 2) & 1, 1);
  w.push(p.letters[2], 6).push(p.letters[3], 6);
  writeVector(w, p.consents);
  writeVector(w, p.lis);
  w.push(p.declaredRestrictions ?? p.restrictions.length, 12);
  for (const r of p.restrictions) {
    w.push(r.purposeId, 6).push(r.type, 2).push(r.entries.length, 12);
    for (const e of r.entries) {
      w.push(e.length === 2 ? 1 : 0, 1).push(e[0], 16);
      if (e.length === 2) w.push(e[1], 16);
    }
  }
  for (const b of p.trailing) w.push(b, 8);
  return w;
}

const otherSegmentArb: fc.Arbitrary<TestBits> = fc.oneof(
  fc.record({ type: fc.constantFrom(1, 2), v: vectorArb }).map(({ type, v }) => {
    const w = new TestBits().push(type, 3);
    writeVector(w, v);
    return w;
  }),
  fc
    .record({ c: fc.nat({ max: 2 ** 24 - 1 }), l: fc.nat({ max: 2 ** 24 - 1 }), n: fc.oneof(fc.nat({ max: 6 }), fc.nat({ max: 63 })), custom: fc.uint8Array({ maxLength: 16 }) })
    .map(({ c, l, n, custom }) => {
      const w = new TestBits().push(3, 3).push(c, 24).push(l, 24).push(n, 6);
      for (let i = 0; i < Math.min(2 * n, custom.length * 8); i++) w.bit((custom[i >>> 3]! >> (7 - (i & 7))) & 1);
      return w;
    }),
  fc.record({ type: fc.integer({ min: 4, max: 7 }), bytes: fc.uint8Array({ maxLength: 8 }) }).map(({ type, bytes }) => {
    const w = new TestBits().push(type, 3);
    for (const b of bytes) w.push(b, 8);
    return w;
  }),
);

/** A string assembled from a field plan: mostly well-formed layouts with hostile values. */
const structuredString: fc.Arbitrary<string> = fc
  .record({
    core: corePlanArb,
    others: fc.array(otherSegmentArb, { maxLength: 3 }),
    pad24: fc.boolean(),
    cut: fc.option(fc.nat({ max: 2000 }), { freq: 5 }),
  })
  .map(({ core, others, pad24, cut }) => {
    const segs = [buildCore(core), ...others].map((w) => w.toBase64url(pad24 ? 24 : 6));
    const s = segs.join('.');
    return cut === null ? s : s.slice(0, cut);
  });

// ---------------------------------------------------------------------------------------------
// Arbitraries: models (JSON)

/** A valid model as JSON, with ids in any order and with duplicates. */
function idsArb(max: number, dense: boolean): fc.Arbitrary<number[]> {
  const list = fc.array(fc.integer({ min: 1, max }), { maxLength: 30 });
  if (!dense) return list;
  const runs = fc
    .array(fc.tuple(fc.integer({ min: 1, max }), fc.nat({ max: 300 })), { maxLength: 5 })
    .map((rs) => rs.flatMap(([s, n]) => Array.from({ length: Math.min(n, max - s) + 1 }, (_, i) => s + i)));
  return fc.oneof(list, runs, fc.array(fc.integer({ min: max - 40, max }), { maxLength: 4 }));
}

const isoArb = fc.integer({ min: 0, max: (2 ** 36 - 1) * 100 - 50 }).map((ms) => new Date(ms).toISOString());
const twoLetters = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 }), fc.boolean()).map(([a, b, lower]) => {
  const s = String.fromCharCode(65 + a, 65 + b);
  return lower ? s.toLowerCase() : s;
});
const SEGMENT_LISTS: readonly (readonly SegmentName[])[] = [
  ['core'],
  ['core', 'vendorsDisclosed', 'publisherTC'],
  ['core', 'publisherTC'],
  ['core', 'publisherTC', 'vendorsDisclosed'],
  ['core', 'vendorsAllowed'],
  ['core', 'vendorsDisclosed', 'vendorsAllowed', 'publisherTC'],
];

export const modelArb = fc
  .record(
    {
      created: isoArb,
      lastUpdated: isoArb,
      version: fc.constant(2),
      cmpId: fc.nat({ max: 4095 }),
      cmpVersion: fc.nat({ max: 4095 }),
      consentScreen: fc.nat({ max: 63 }),
      consentLanguage: twoLetters,
      vendorListVersion: fc.nat({ max: 4095 }),
      policyVersion: fc.nat({ max: 63 }),
      isServiceSpecific: fc.boolean(),
      useNonStandardTexts: fc.boolean(),
      specialFeatureOptins: idsArb(12, false),
      purposeConsents: idsArb(24, false),
      purposeLegitimateInterests: idsArb(24, false),
      purposeOneTreatment: fc.boolean(),
      publisherCountryCode: twoLetters,
      vendorConsents: idsArb(65535, true),
      vendorLegitimateInterests: idsArb(65535, true),
      publisherRestrictions: fc.array(
        fc.record({ purposeId: fc.integer({ min: 1, max: 63 }), restrictionType: fc.integer({ min: 0, max: 2 }), vendorIds: idsArb(65535, true) }),
        { maxLength: 4 },
      ),
      vendorsDisclosed: idsArb(65535, true),
      vendorsAllowed: idsArb(3000, true),
      publisherConsents: idsArb(24, false),
      publisherLegitimateInterests: idsArb(24, false),
      publisherCustomConsents: idsArb(63, false),
      publisherCustomLegitimateInterests: idsArb(20, false),
      segments: fc.constantFrom(...SEGMENT_LISTS),
    },
    { requiredKeys: ['created', 'lastUpdated'] },
  )
  .chain((m) =>
    // numCustomPurposes, when given, must be at least the largest custom purpose id.
    fc.option(fc.integer({ min: Math.max(0, ...(m.publisherCustomConsents ?? []), ...(m.publisherCustomLegitimateInterests ?? [])), max: 63 }), { freq: 3 }).map((n) =>
      n === null ? m : { ...m, numCustomPurposes: n },
    ),
  );

type ModelJSON = Record<string, unknown>;

interface EncodeCase {
  model: ModelJSON;
  options: { vectorEncoding?: EncodeOptions['vectorEncoding']; gvlVendorIds?: number[] };
}

const encodeCaseArb: fc.Arbitrary<EncodeCase> = fc.record({
  model: modelArb as fc.Arbitrary<ModelJSON>,
  options: fc.record(
    { vectorEncoding: fc.constantFrom('auto', 'reference', 'shortest'), gvlVendorIds: fc.array(fc.integer({ min: 1, max: 3000 }), { maxLength: 40 }) },
    { requiredKeys: [] },
  ),
});

function encodeOptionsOf(o: EncodeCase['options']): Partial<EncodeOptions> {
  const out: { -readonly [K in keyof EncodeOptions]?: EncodeOptions[K] } = {};
  if (o.vectorEncoding !== undefined) out.vectorEncoding = o.vectorEncoding;
  if (o.gvlVendorIds !== undefined) out.gvlVendorIds = new Set(o.gvlVendorIds);
  return out;
}

function sortedUnique(ids: unknown): number[] {
  return [...new Set(ids as number[])].sort((a, b) => a - b);
}

/** Encoding a valid model: a string that decodes strictly to the same signals and re-encodes to itself. */
export function checkEncodeCase(input: EncodeCase): void {
  const { model } = input;
  let s: string;
  try {
    s = encode(model as never, encodeOptionsOf(input.options));
  } catch (e) {
    violated(`encode of a valid model threw ${describeThrown(e)}`);
  }
  let tc: TCModel;
  try {
    tc = decode(s);
  } catch (e) {
    violated(`encode output ${s} does not decode strictly: ${describeThrown(e)}`);
  }
  checkModel(tc, false);
  const again = encode(tc);
  if (input.options.gvlVendorIds === undefined) {
    if (again !== s) violated(`encode(decode(encode(m))) differs:\n ${s}\n ${again}`);
  } else {
    // Spanning GVL gaps may write adjacent single entries that decoding merges, so only the
    // second round trip is byte-exact.
    if (canonical(decode(again)) !== canonical(tc)) violated(`decode(encode(decode(encode(m, gvl)))) differs`);
    if (encode(decode(again)) !== again) violated(`re-encoding is not idempotent after gvlVendorIds`);
  }
  const segs = (model.segments as SegmentName[] | undefined) ?? ['core', 'vendorsDisclosed', 'publisherTC'];
  if (JSON.stringify(tc.segments) !== JSON.stringify(segs)) violated(`segments ${JSON.stringify(tc.segments)}, model ${JSON.stringify(segs)}`);
  const same = (field: string, present: boolean) => {
    const want = present ? sortedUnique(model[field] ?? []) : [];
    const got = ((tc as unknown as Record<string, IdSet>)[field] as IdSet).toArray();
    if (JSON.stringify(got) !== JSON.stringify(want)) violated(`${field}: decoded ${JSON.stringify(got)}, model ${JSON.stringify(want)}`);
  };
  for (const f of ['specialFeatureOptins', 'purposeConsents', 'purposeLegitimateInterests', 'vendorConsents', 'vendorLegitimateInterests']) same(f, true);
  same('vendorsDisclosed', segs.includes('vendorsDisclosed'));
  same('vendorsAllowed', segs.includes('vendorsAllowed'));
  const pub = segs.includes('publisherTC');
  for (const f of ['publisherConsents', 'publisherLegitimateInterests', 'publisherCustomConsents', 'publisherCustomLegitimateInterests']) same(f, pub);
  for (const f of ['cmpId', 'cmpVersion', 'consentScreen', 'vendorListVersion', 'policyVersion', 'isServiceSpecific', 'useNonStandardTexts', 'purposeOneTreatment']) {
    if (model[f] !== undefined && (tc as unknown as Record<string, unknown>)[f] !== model[f]) violated(`${f}: decoded ${String((tc as unknown as Record<string, unknown>)[f])}, model ${String(model[f])}`);
  }
  for (const f of ['consentLanguage', 'publisherCountryCode'] as const) {
    if (model[f] !== undefined && tc[f] !== String(model[f]).toUpperCase()) violated(`${f}: ${tc[f]} vs ${String(model[f])}`);
  }
  for (const f of ['created', 'lastUpdated'] as const) {
    if (tc[f].getTime() !== Math.round(Date.parse(model[f] as string) / 100) * 100) violated(`${f}: ${tc[f].toISOString()} vs ${String(model[f])}`);
  }
  const restrictions = (model.publisherRestrictions as { purposeId: number; restrictionType: number; vendorIds: number[] }[] | undefined) ?? [];
  if (tc.publisherRestrictions.length !== restrictions.length) violated('publisherRestrictions count');
  restrictions.forEach((r, i) => {
    const got = tc.publisherRestrictions[i]!;
    if (got.purposeId !== r.purposeId || got.restrictionType !== r.restrictionType) violated(`publisherRestrictions[${i}] purpose/type`);
    // With gvlVendorIds, ranges may span ids absent from the GVL, so the decoded set is a superset.
    const want = sortedUnique(r.vendorIds);
    if (input.options.gvlVendorIds === undefined) {
      if (JSON.stringify(runsOf(got.vendorIds)) !== JSON.stringify(runsOf(new IdSet(null, 0, 0, toRuns(want))))) violated(`publisherRestrictions[${i}].vendorIds`);
    } else if (!want.every((id) => got.vendorIds.has(id))) violated(`publisherRestrictions[${i}].vendorIds lost an id`);
  });
}

function toRuns(sorted: number[]): number[] {
  const runs: number[] = [];
  for (const id of sorted) {
    if (runs.length > 0 && id === runs[runs.length - 1]! + 1) runs[runs.length - 1] = id;
    else runs.push(id, id);
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Hostile models: a valid model with some values replaced by JSON-described garbage

/** A JSON description of a hostile value; {@link materialize} builds it. */
export type Hostile =
  | { t: 'json'; text: string }
  | { t: 'num'; v: string }
  | { t: 'sparse'; length: number; at: number; value: number }
  | { t: 'hugeLength'; length: number }
  | { t: 'getter'; inner: Hostile }
  | { t: 'protoKey'; key: '__proto__' | 'constructor' | 'prototype'; text: string; base: string }
  | { t: 'nullProto'; text: string }
  | { t: 'boxed'; v: number | string | boolean }
  | { t: 'set'; items: number[] }
  | { t: 'date'; ms: number | null }
  | { t: 'bigint'; v: string }
  | { t: 'function' }
  | { t: 'symbol' };

/**
 * An empty array of `length`: setting a far index first puts it in dictionary mode, so V8 does not
 * allocate a backing store of that size (which would make the harness, not encode, the cost).
 */
function holey(length: number): unknown[] {
  const a: unknown[] = [];
  a[2 ** 32 - 2] = 0;
  a.length = length;
  return a;
}

/** Builds a fresh hostile value from its description. */
export function materialize(h: Hostile): unknown {
  switch (h.t) {
    case 'json':
      return JSON.parse(h.text);
    case 'num':
      return Number(h.v);
    case 'sparse': {
      const a = holey(h.length);
      if (h.at < h.length) a[h.at] = h.value;
      return a;
    }
    case 'hugeLength':
      return holey(h.length);
    case 'getter':
      // At a field, buildHostileModel installs a getter on the parent instead; here it is the value.
      return materialize(h.inner);
    case 'protoKey': {
      // JSON.parse creates `__proto__` as an own property, exactly like untrusted JSON does.
      return JSON.parse(`{"${h.key}": ${h.text}, ${h.base.slice(1)}`);
    }
    case 'nullProto':
      return Object.assign(Object.create(null) as object, JSON.parse(h.text) as object);
    case 'boxed':
      return Object(h.v);
    case 'set':
      return new Set(h.items);
    case 'date':
      return new Date(h.ms ?? NaN);
    case 'bigint':
      return BigInt(h.v);
    case 'function':
      return () => 5;
    case 'symbol':
      return Symbol('hostile');
  }
}

const hostileLeaf: fc.Arbitrary<Hostile> = fc.oneof(
  fc.json({ maxDepth: 3 }).map((text): Hostile => ({ t: 'json', text })),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '-1', '1.5', '0.1', '1e308', '9007199254740993', '4096', '65536', '64', '25', '13').map((v): Hostile => ({ t: 'num', v })),
  fc.constantFrom('"5"', 'null', 'true', '[]', '{}', '[[1]]', '[{}]', '[null]', '["1"]', '[1.5]', '[0]', '[-1]', '"2025-13-45"', '""', '"EN1"', '"é"', '{"length": 3}', '{"0": 1, "length": 1}').map((text): Hostile => ({ t: 'json', text })),
  fc.record({ length: fc.integer({ min: 1, max: 2_000_000 }), at: fc.nat({ max: 2_000_000 }), value: fc.integer({ min: -1, max: 70000 }) }).map((r): Hostile => ({ t: 'sparse', ...r })),
  fc.constantFrom(2 ** 32 - 1, 2 ** 20 + 1, 4096, 2 ** 31).map((length): Hostile => ({ t: 'hugeLength', length })),
  fc.record({
    key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const),
    text: fc.constantFrom('{"polluted": 1}', '{"prototype": {"polluted": 1}}', '{"cmpId": 7, "polluted": 1}', '[1, 2]', 'null'),
    base: fc.constantFrom('{"purposeId": 1, "restrictionType": 0, "vendorIds": [1]}', '{"x": 1}', '{"created": "2025-06-03T00:00:00Z", "lastUpdated": "2025-06-03T00:00:00Z"}'),
  }).map((r): Hostile => ({ t: 'protoKey', ...r })),
  fc.constantFrom('{"purposeId": 1, "restrictionType": 0, "vendorIds": [1]}', '{}', '{"created": "2025-06-03T00:00:00Z", "lastUpdated": "2025-06-03T00:00:00Z"}').map((text): Hostile => ({ t: 'nullProto', text })),
  fc.oneof(fc.integer({ min: -1, max: 70 }), fc.constantFrom('EN', '5', 'core'), fc.boolean()).map((v): Hostile => ({ t: 'boxed', v })),
  fc.array(fc.oneof(fc.integer({ min: -1, max: 70000 }), fc.constant(1.5)), { maxLength: 5 }).map((items): Hostile => ({ t: 'set', items })),
  fc.option(fc.integer({ min: -1e16, max: 1e16 })).map((ms): Hostile => ({ t: 'date', ms })),
  fc.constantFrom('5', '-1', '340282366920938463463374607431768211456').map((v): Hostile => ({ t: 'bigint', v })),
  fc.constant<Hostile>({ t: 'function' }),
  fc.constant<Hostile>({ t: 'symbol' }),
);
const hostileArb: fc.Arbitrary<Hostile> = fc.oneof({ weight: 6, arbitrary: hostileLeaf }, hostileLeaf.map((inner): Hostile => ({ t: 'getter', inner })));

/** Where an edit goes: a field, an element of a list, or (empty path) the whole model. */
export const EDIT_PATHS: readonly (readonly (string | number)[])[] = [
  [],
  ...MODEL_KEYS.map((k) => [k]),
  ['vendorConsents', 0],
  ['purposeConsents', 1],
  ['publisherRestrictions', 0],
  ['publisherRestrictions', 0, 'purposeId'],
  ['publisherRestrictions', 0, 'restrictionType'],
  ['publisherRestrictions', 0, 'vendorIds'],
  ['publisherRestrictions', 0, 'vendorIds', 0],
  ['segments', 1],
];

export interface HostileEncodeCase {
  model: ModelJSON;
  edits: { path: number; value: Hostile }[];
}

const hostileEncodeArb: fc.Arbitrary<HostileEncodeCase> = fc.record({
  model: modelArb as fc.Arbitrary<ModelJSON>,
  edits: fc.array(fc.record({ path: fc.nat({ max: EDIT_PATHS.length - 1 }), value: hostileArb }), { minLength: 1, maxLength: 3 }),
});

/** Applies the edits to a fresh copy of the model; returns the hostile model and the edited top-level keys. */
export function buildHostileModel(c: HostileEncodeCase): { model: unknown; edited: Set<string>; whole: boolean } {
  let model: unknown = JSON.parse(JSON.stringify(c.model));
  const edited = new Set<string>();
  let whole = false;
  for (const { path: pi, value } of c.edits) {
    const path = EDIT_PATHS[pi % EDIT_PATHS.length]!;
    if (path.length === 0) {
      model = materialize(value);
      whole = true;
      continue;
    }
    if (typeof model !== 'object' || model === null) continue;
    edited.add(String(path[0]));
    let parent = model as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      let next = Object.prototype.hasOwnProperty.call(parent, key) ? parent[key] : undefined;
      if (typeof next !== 'object' || next === null) {
        // Make the container the edit reaches into, valid apart from the edit.
        next = key === 'publisherRestrictions' ? [] : typeof path[i + 1] === 'number' ? (key === 'segments' ? ['core', 'publisherTC'] : [3, 4]) : {};
        if (!define(parent, key, { value: next, enumerable: true, writable: true, configurable: true })) break;
      }
      if (key === 'publisherRestrictions' && Array.isArray(next) && next.length === 0) next.push({ purposeId: 1, restrictionType: 1, vendorIds: [3] });
      parent = next as Record<string | number, unknown>;
    }
    const last = path[path.length - 1]!;
    if (value.t === 'getter') {
      const inner = value.inner;
      define(parent, last, { get: () => materialize(inner), enumerable: true, configurable: true });
    } else {
      define(parent, last, { value: materialize(value), enumerable: true, writable: true, configurable: true });
    }
  }
  return { model, edited, whole };
}

/** defineProperty that gives up (false) where the target refuses, e.g. an index of a boxed string. */
function define(target: object, key: string | number, desc: PropertyDescriptor): boolean {
  try {
    Object.defineProperty(target, key, desc);
    return true;
  } catch {
    return false;
  }
}

/** Keys of Object.prototype, to detect pollution. */
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).join(',');

export function checkNoPollution(label: string): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || Object.getOwnPropertyNames(Object.prototype).join(',') !== PROTO_KEYS || probe.cmpId !== undefined) {
    violated(`${label}: Object.prototype was polluted`);
  }
}

/** encode of a hostile model: a string, or INVALID_VALUE naming an edited field; never pollution. */
export function checkHostileEncodeCase(c: HostileEncodeCase): void {
  const { model, edited, whole } = buildHostileModel(c);
  let s: string;
  try {
    s = encode(model as never);
  } catch (e) {
    checkErrorShape(e, 'encode(hostile)', null);
    checkNoPollution('encode(hostile)');
    if (e.code !== 'INVALID_VALUE') violated(`encode(hostile) threw ${e.code}: ${e.message}`);
    if (!whole) {
      if (e.field === null) violated(`encode(hostile) error names no field: ${e.message}`);
      const top = e.field.split(/[.[]/)[0]!;
      const related = top === 'numCustomPurposes' && (edited.has('publisherCustomConsents') || edited.has('publisherCustomLegitimateInterests'));
      if (!edited.has(top) && !related) violated(`encode(hostile) names ${e.field}, but only ${[...edited].join(', ')} were edited: ${e.message}`);
    }
    return;
  }
  checkNoPollution('encode(hostile)');
  let tc: TCModel;
  try {
    tc = decode(s);
  } catch (e) {
    violated(`encode(hostile) = ${s} does not decode strictly: ${describeThrown(e)}`);
  }
  if (encode(tc) !== s) violated(`encode(hostile) = ${s} does not re-encode to itself`);
}

// ---------------------------------------------------------------------------------------------
// The properties

export interface FuzzProperty {
  readonly name: string;
  readonly summary: string;
  readonly arbitrary: fc.Arbitrary<unknown>;
  /** Throws when the property fails for `input` (a JSON value). */
  readonly check: (input: unknown) => void;
  /** Share of the cases of a long run. */
  readonly weight: number;
}

function stringInput(input: unknown): string {
  if (typeof input !== 'string') throw new TypeError('this property takes a string');
  return input;
}

/** Mutations of valid strings (shared/tcf-format.md §11 and encoder output). */
type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; ch: string }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; n: number }
  | { op: 'dot'; at: number }
  | { op: 'undot'; k: number }
  | { op: 'reorder'; keys: number[] }
  | { op: 'repeat'; k: number }
  | { op: 'drop'; k: number }
  | { op: 'graft'; k: number; from: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat({ max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), ch: fc.constantFrom(...NEAR_CHARS) }) },
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: fc.constantFrom(...NEAR_CHARS), minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('dot' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('undot' as const), k: fc.nat() }),
  fc.record({ op: fc.constant('reorder' as const), keys: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }) }),
  fc.record({ op: fc.constant('repeat' as const), k: fc.nat() }),
  fc.record({ op: fc.constant('drop' as const), k: fc.nat() }),
  fc.record({ op: fc.constant('graft' as const), k: fc.nat(), from: fc.nat() }),
);

/** Applies one mutation; positions wrap around the string's length. */
export function mutate(s: string, m: Mutation, donors: readonly string[]): string {
  const at = (n: number, extra = 0) => n % (s.length + extra || 1);
  const segs = s.split('.');
  switch (m.op) {
    case 'flip': {
      const i = at(m.at);
      const v = sextet(s[i]);
      return v < 0 ? s : s.slice(0, i) + ALPHABET[v ^ (1 << m.bit)] + s.slice(i + 1);
    }
    case 'set': {
      const i = at(m.at);
      return s.slice(0, i) + m.ch + s.slice(i + 1);
    }
    case 'truncate':
      return s.slice(0, at(m.at, 1));
    case 'insert': {
      const i = at(m.at, 1);
      return s.slice(0, i) + m.text + s.slice(i);
    }
    case 'delete': {
      const i = at(m.at);
      return s.slice(0, i) + s.slice(i + m.n);
    }
    case 'dot': {
      const i = at(m.at, 1);
      return s.slice(0, i) + '.' + s.slice(i);
    }
    case 'undot': {
      const dots = [...s].flatMap((c, i) => (c === '.' ? [i] : []));
      if (dots.length === 0) return s;
      const i = dots[m.k % dots.length]!;
      return s.slice(0, i) + s.slice(i + 1);
    }
    case 'reorder': {
      const order = segs.map((seg, i) => ({ seg, key: m.keys[i % m.keys.length]! + i * 0.5 }));
      return order.sort((a, b) => a.key - b.key).map((o) => o.seg).join('.');
    }
    case 'repeat': {
      const i = m.k % segs.length;
      segs.splice(i, 0, segs[i]!);
      return segs.join('.');
    }
    case 'drop': {
      if (segs.length < 2) return s;
      segs.splice(m.k % segs.length, 1);
      return segs.join('.');
    }
    case 'graft': {
      const donor = donors[m.from % donors.length]!.split('.');
      segs.push(donor[m.k % donor.length]!);
      return segs.join('.');
    }
  }
}

/** encode of a generated valid model; a failure there is encode-valid-model's to report, not the mutator's. */
function safeEncode(c: EncodeCase): string {
  try {
    return encode(c.model as never, encodeOptionsOf(c.options));
  } catch {
    return seeds()[0]!;
  }
}

let seedsCache: string[] | undefined;
function seeds(): string[] {
  return (seedsCache ??= seedStrings());
}

const mutatedString: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.nat().map((i) => seeds()[i % seeds().length]!) },
      { weight: 2, arbitrary: encodeCaseArb.map((c) => safeEncode(c)) },
      structuredString,
    ),
    fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  )
  .map(([seed, ms]) => ms.reduce((s, m) => mutate(s, m, seeds()), seed));

export const PROPERTIES: readonly FuzzProperty[] = [
  {
    name: 'decode-arbitrary-string',
    summary: 'arbitrary strings (any unicode, binary, near-base64url with dots, padding and whitespace)',
    arbitrary: arbitraryString,
    check: (input) => checkDecodeString(stringInput(input)),
    weight: 2,
  },
  {
    name: 'decode-random-bits',
    summary: 'random bit sequences as base64url segments, the first character often a core (C) or a known segment type',
    arbitrary: randomBitSegments,
    check: (input) => checkDecodeString(stringInput(input)),
    weight: 2,
  },
  {
    name: 'decode-structured-bits',
    summary: 'field-by-field layouts with random values (ids 0 and 65535, end < start, type 3, purpose 0, wrong counts, cut short)',
    arbitrary: structuredString,
    check: (input) => checkDecodeString(stringInput(input)),
    weight: 3,
  },
  {
    name: 'decode-mutated',
    summary: 'valid strings (spec vectors and encode output) with bits flipped, characters changed, truncated, inserted, deleted, dots added or removed, segments reordered, repeated, dropped or grafted',
    arbitrary: mutatedString,
    check: (input) => checkDecodeString(stringInput(input)),
    weight: 4,
  },
  {
    name: 'encode-valid-model',
    summary: 'random valid models as JSON: encode gives a string that decodes strictly to the same signals and re-encodes to itself',
    arbitrary: encodeCaseArb,
    check: (input) => checkEncodeCase(input as EncodeCase),
    weight: 2,
  },
  {
    name: 'encode-hostile-model',
    summary: 'valid models with fields replaced by garbage (NaN, sparse and huge arrays, __proto__ keys, getters, boxed values, …): INVALID_VALUE naming the field, no pollution',
    arbitrary: hostileEncodeArb,
    check: (input) => checkHostileEncodeCase(input as HostileEncodeCase),
    weight: 2,
  },
];

export function propertyByName(name: string): FuzzProperty | undefined {
  return PROPERTIES.find((p) => p.name === name);
}
