import { LENIENT_BAD, VALUES, firstBad, textBytes } from './base64url.js';
import { BitReader, fail } from './bit-reader.js';
import type { SegmentName, TCStringError } from './errors.js';
import { IdSet, normalizeRuns } from './id-set.js';
import { CORE_FIELDS, CORE_FIXED_BITS, PUBLISHER_FIELDS, SEGMENT_NAMES, type FieldSpec } from './layout.js';
import type { PublisherRestriction, RestrictionTypeValue, TCModel } from './model.js';

/** Options of {@link decode}. */
export interface DecodeOptions {
  /**
   * Accept what real CMPs emit wrongly instead of throwing: see "Strict decoding" in the README
   * for the list, rule by rule. Default `false`.
   */
  lenient: boolean;
  /** Longest input accepted, in characters; longer input throws INPUT_TOO_LONG. Default 131072. */
  maxLength: number;
  /**
   * Most ids the vendor sets may hold together: the vendor vectors of every segment and the
   * vendors of every restriction entry read (a bitfield counts as its width); more throws
   * TOO_MANY_IDS. Decoding never expands a range, but the JSON form lists every id: a 36 KB
   * string of 4,095 restrictions each naming vendors 1–65535 would be 268 million ids, gigabytes
   * of JSON. Real strings hold at most a few hundred thousand. Default 1048576.
   */
  maxIds: number;
}

/** The defaults of {@link DecodeOptions}. */
export const DECODE_DEFAULTS: Readonly<DecodeOptions> = /* @__PURE__ */ Object.freeze({ lenient: false, maxLength: 131072, maxIds: 1048576 });

/** The set of an absent segment, shared by every decoded value: frozen, so no caller can change it for the others. */
const EMPTY = /* @__PURE__ */ Object.freeze(new IdSet(null, 0, 0, /* @__PURE__ */ Object.freeze([] as number[])));
const NO_RESTRICTIONS: readonly PublisherRestriction[] = /* @__PURE__ */ Object.freeze([]);
/** PublisherTC's values: its consents, legitimate interests, NumCustomPurposes and custom purposes' two sets. */
type PublisherValues = readonly [IdSet, IdSet, number, IdSet, IdSet];

/** The PublisherTC values of a string without that segment. */
const NO_PUBLISHER: PublisherValues = [EMPTY, EMPTY, 0, EMPTY, EMPTY];

const VECTOR_FIELDS: readonly FieldSpec[] = [
  ['maxVendorId', 16, 0],
  ['isRangeEncoding', 1, 0],
];

const RESTRICTION_FIELDS: readonly FieldSpec[] = [
  ['purposeId', 6, 0],
  ['restrictionType', 2, 0],
  ['numEntries', 12, 0],
];

/**
 * Decodes a TC string into plain, frozen data.
 *
 * @throws {TCStringError} for anything that is not a well-formed TCF v2 string; the error names
 * the segment, the field, the bit offset and the character.
 * @example
 * const tc = decode('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA');
 * tc.vendorConsents.has(2); // true
 */
export function decode(tcString: string, options?: Partial<DecodeOptions>): TCModel {
  // Options are merged with the defaults here, and only here.
  const o = options === undefined ? DECODE_DEFAULTS : options;
  const lenient = o?.lenient ?? DECODE_DEFAULTS.lenient;
  const maxLength = o?.maxLength ?? DECODE_DEFAULTS.maxLength;
  const maxIds = o?.maxIds ?? DECODE_DEFAULTS.maxIds;
  // `!(x >= 0)` also refuses NaN.
  if (typeof o !== 'object' || o === null || typeof lenient !== 'boolean' || typeof maxLength !== 'number' || !(maxLength >= 0) || typeof maxIds !== 'number' || !(maxIds >= 0)) {
    throw fail('INVALID_INPUT', 'options: an object of lenient (a boolean), maxLength and maxIds (numbers >= 0)');
  }
  if (typeof tcString !== 'string') {
    throw fail('INVALID_INPUT', `expected a string, got ${tcString === null ? 'null' : typeof tcString}`);
  }
  if (tcString.length > maxLength) {
    throw fail('INPUT_TOO_LONG', `length ${tcString.length} is over maxLength ${maxLength}`);
  }
  const s = tcString;
  // Lenient decoding reads the same text between its surrounding whitespace, so every index
  // (charIndex, and the sets' views) stays an index into the caller's string.
  const lo = lenient ? s.length - s.trimStart().length : 0;
  const hi = lenient ? lo + s.trim().length : s.length;
  // One pass copies the text as bytes and one checks them; the readers then trust them. Lenient
  // text is checked by a regular expression first: its rules are not one per character.
  const bad = lenient ? LENIENT_BAD.exec(s.slice(lo, hi)) : null;
  if (bad !== null) throw notBase64url(s, bad.index + lo);
  const b = textBytes(s, lo, hi, false);
  const at = lenient ? -1 : firstBad(b, hi);
  if (at >= 0) throw notBase64url(s, at);
  // The core, then the other segments; none may be empty (lenient decoding skips empty ones).
  let r: BitReader | null = null;
  let core = 0;
  let consentLanguage = '';
  let publisherCountryCode = '';
  let vendorConsents = EMPTY;
  let vendorLegitimateInterests = EMPTY;
  let publisherRestrictions = NO_RESTRICTIONS;
  let disclosed = EMPTY;
  let allowed = EMPTY;
  let publisher = NO_PUBLISHER;
  // The segment types read, in order, 3 bits each (type + 1): the key of a cached `segments`.
  let order = 0;
  let seen = 0;
  for (let start = lo, dot = 0; dot >= 0; start = dot + 1) {
    dot = s.indexOf('.', start);
    const end = segmentEnd(s, start, dot < 0 ? hi : dot, lenient);
    if (end === start) {
      if (lenient) continue;
      throw fail('EMPTY_SEGMENT', `segment ${segmentList(order).length + 1} is empty`, null, null, null, start);
    }
    const first = sx(b, start);
    const type = first >> 3;
    if (r === null) {
      if (type !== 0) {
        throw fail('MISSING_CORE', `the first segment is ${SEGMENT_NAMES[type] ?? `of type ${type}`}, not core`, null, 'segmentType', 0, start);
      }
      if (first !== 2) {
        throw first === 1
          ? fail('TCF_V1_UNSUPPORTED', 'TCF v1 strings are not supported', 'core', 'version', 0, start)
          : fail('UNSUPPORTED_VERSION', `version ${first} is not supported`, 'core', 'version', 0, start);
      }
      r = new BitReader(s, b, start * 6, end * 6, 'core');
      r.maxIds = maxIds;
      core = start;
      if (end - start < 36) {
        // Errors come in bit order: a bad ConsentLanguage (bits 108–119) before the end of the header.
        if (end - start >= 20) letters(r, sx(b, core + 18), sx(b, core + 19), 108, 'consentLanguage', lenient);
        throw fixedEnd(r, CORE_FIELDS);
      }
      // The two letter codes are checked here, before the variable-length sections are read; the
      // other fixed fields cannot be wrong and are read when the result is built.
      const c33 = sx(b, core + 33);
      const c34 = sx(b, core + 34);
      consentLanguage = letters(r, sx(b, core + 18), sx(b, core + 19), 108, 'consentLanguage', lenient);
      publisherCountryCode = letters(r, ((c33 & 7) << 3) | (c34 >> 3), ((c34 & 7) << 3) | (sx(b, core + 35) >> 3), 201, 'publisherCountryCode', lenient);
      r.pos = r.base + CORE_FIXED_BITS;
      vendorConsents = readVendorVector(r, 'vendorConsents.', lenient);
      vendorLegitimateInterests = readVendorVector(r, 'vendorLegitimateInterests.', lenient);
      r.need(12, 'publisherRestrictions.numPubRestrictions');
      const count = r.u(12);
      // Most strings have no restrictions: not calling the reader for them keeps its loop hot in
      // V8's eyes. V8 weighs a call site by how often it ran per call of its function; with an
      // early return inside, the loop's reads and allocations looked cold after a run of typical
      // strings, were not inlined, and 4,095 restrictions cost ~40% more (bench/hostile.ts).
      if (count !== 0) publisherRestrictions = readRestrictions(r, count, lenient);
      order = seen = 1;
      continue;
    }
    if (type > 3 || (seen >> type) & 1) {
      if (lenient) continue;
      const name = SEGMENT_NAMES[type];
      throw name === undefined
        ? fail('UNKNOWN_SEGMENT_TYPE', `unknown segment type ${type}`, null, 'segmentType', 0, start)
        : fail('DUPLICATE_SEGMENT', `a second ${name} segment`, name, 'segmentType', 0, start);
    }
    seen |= 1 << type;
    order = (order << 3) | (type + 1);
    r.reset(start * 6, end * 6, SEGMENT_NAMES[type]!);
    if (type === 3) publisher = readPublisher(r);
    else {
      r.pos += 3;
      if (type === 1) disclosed = readVendorVector(r, '', lenient);
      else allowed = readVendorVector(r, '', lenient);
    }
  }
  // Only lenient decoding gets here without a core: every segment was empty.
  if (r === null) throw fail('MISSING_CORE', 'no core segment', null, null, null, lo);
  return model(s, b, core, consentLanguage, publisherCountryCode, vendorConsents, vendorLegitimateInterests, publisherRestrictions, disclosed, allowed, publisher, order);
}

function notBase64url(s: string, at: number): TCStringError {
  return fail('INVALID_CHARACTER', `${JSON.stringify(s[at])} at index ${at} is not base64url`, null, null, null, at);
}

/** The 6-bit value of character `i`, from the checked text's bytes. */
function sx(b: Uint8Array, i: number): number {
  return VALUES[b[i]!]!;
}

/** A 36-bit Created or LastUpdated field that fills the six characters from `i`. */
function date(b: Uint8Array, i: number): Date {
  const hi = (sx(b, i) << 12) | (sx(b, i + 1) << 6) | sx(b, i + 2);
  const lo = (sx(b, i + 3) << 12) | (sx(b, i + 4) << 6) | sx(b, i + 5);
  return new Date((hi * 262144 + lo) * 100);
}

/**
 * The frozen result. The core's other fixed fields are read here from the text's `bytes` (the
 * core starts at character `c`; the sets view `text` itself): most fields start and end on a
 * character boundary. A test holds this code to the CORE_FIELDS table, field by field. One
 * literal with a fixed key order is what makes the result cheap to build and to read.
 */
function model(
  text: string,
  bytes: Uint8Array,
  c: number,
  consentLanguage: string,
  publisherCountryCode: string,
  vendorConsents: IdSet,
  vendorLegitimateInterests: IdSet,
  publisherRestrictions: readonly PublisherRestriction[],
  vendorsDisclosed: IdSet,
  vendorsAllowed: IdSet,
  publisher: PublisherValues,
  order: number,
): TCModel {
  const at = c * 6;
  return Object.freeze({
    version: 2,
    created: date(bytes, c + 1),
    lastUpdated: date(bytes, c + 7),
    cmpId: (sx(bytes, c + 13) << 6) | sx(bytes, c + 14),
    cmpVersion: (sx(bytes, c + 15) << 6) | sx(bytes, c + 16),
    consentScreen: sx(bytes, c + 17),
    consentLanguage,
    vendorListVersion: (sx(bytes, c + 20) << 6) | sx(bytes, c + 21),
    policyVersion: sx(bytes, c + 22),
    isServiceSpecific: (sx(bytes, c + 23) & 32) !== 0,
    useNonStandardTexts: (sx(bytes, c + 23) & 16) !== 0,
    specialFeatureOptins: new IdSet(text, at + 140, 12, null),
    purposeConsents: new IdSet(text, at + 152, 24, null),
    purposeLegitimateInterests: new IdSet(text, at + 176, 24, null),
    purposeOneTreatment: (sx(bytes, c + 33) & 8) !== 0,
    publisherCountryCode,
    vendorConsents,
    vendorLegitimateInterests,
    publisherRestrictions,
    vendorsDisclosed,
    vendorsAllowed,
    publisherConsents: publisher[0],
    publisherLegitimateInterests: publisher[1],
    numCustomPurposes: publisher[2],
    publisherCustomConsents: publisher[3],
    publisherCustomLegitimateInterests: publisher[4],
    segments: segmentList(order),
  });
}

/** The end of the segment `s[start, end)`; lenient decoding drops its trailing `=` padding. */
function segmentEnd(s: string, start: number, end: number, lenient: boolean): number {
  if (lenient) while (end > start && s.charCodeAt(end - 1) === 61) end--;
  return end;
}

/** Frozen `segments` arrays by their `order` key: a string has one of few orders, made once. */
const SEGMENT_LISTS: (readonly SegmentName[])[] = [];

function segmentList(order: number): readonly SegmentName[] {
  let list = SEGMENT_LISTS[order];
  if (list === undefined) {
    const names: SegmentName[] = [];
    for (let o = order; o > 0; o >>= 3) names.unshift(SEGMENT_NAMES[(o & 7) - 1]!);
    SEGMENT_LISTS[order] = list = Object.freeze(names);
  }
  return list;
}


/** The UNEXPECTED_END error for the first of `fields` that does not fit (a cold path). */
function fixedEnd(r: BitReader, fields: readonly FieldSpec[], prefix = ''): TCStringError {
  for (const [name, bits] of fields) {
    if (r.pos + bits > r.end) return r.endError(bits, prefix + name);
    r.pos += bits;
  }
  return r.endError(0, prefix);
}

/** A 2-letter code from its two 6-bit values, A = 0 … Z = 25; `bit` is where it starts. */
function letters(r: BitReader, a: number, b: number, bit: number, field: string, lenient: boolean): string {
  if ((a > 25 || b > 25) && !lenient) {
    throw r.error('INVALID_LETTER', `letters ${a}, ${b} are not both A–Z (0–25)`, field, bit);
  }
  // Lenient: a value above 25 is no letter; '?' says so, and encode refuses it rather than
  // reading, say, value 36 ('e' as 65 + 36) back as 'E' (test/regressions).
  return (a > 25 ? '?' : String.fromCharCode(65 + a)) + (b > 25 ? '?' : String.fromCharCode(65 + b));
}

/** The PublisherTC values, in the order of PUBLISHER_FIELDS then the custom purposes. */
function readPublisher(r: BitReader): PublisherValues {
  r.pos += 3;
  if (r.pos + 54 > r.end) throw fixedEnd(r, PUBLISHER_FIELDS);
  const at = r.pos;
  r.pos += 48;
  const n = r.u(6);
  r.need(n, 'publisherCustomConsents');
  r.pos += n;
  r.need(n, 'publisherCustomLegitimateInterests');
  r.pos += n;
  const src = r.src;
  return [new IdSet(src, at, 24, null), new IdSet(src, at + 24, 24, null), n, new IdSet(src, at + 54, n, null), new IdSet(src, at + 54 + n, n, null)];
}

/** A VendorVector (shared/tcf-format.md §4); `prefix` is the field path before its own fields. */
function readVendorVector(r: BitReader, prefix: string, lenient: boolean): IdSet {
  // Field paths are joined only when an error needs them: the common path builds no strings.
  if (r.pos + 17 > r.end) throw fixedEnd(r, VECTOR_FIELDS, prefix);
  const at = r.pos - r.base;
  // MaxVendorId and IsRangeEncoding in one 17-bit read.
  const head = r.u(17);
  const max = head >> 1;
  if ((head & 1) === 0) {
    if (r.pos + max > r.end) throw r.endError(max, prefix + 'bitField');
    r.pos += max;
    r.count(max, prefix, -1, at, 'bitField');
    return new IdSet(r.src, r.pos - max, max, null, max, 0);
  }
  if (r.pos + 12 > r.end) throw r.endError(12, prefix + 'numEntries');
  const runs = readEntries(r, r.u(12), prefix, -1, lenient ? 65535 : max, lenient);
  r.count(idCount(runs), prefix, -1, at, 'rangeEntries');
  return new IdSet(null, 0, 0, runs, max, 1);
}

/**
 * `n` RangeEntry records as sorted, merged runs. Ids above `max` are errors. The field path is
 * `prefix`, or `prefix[index].` when `index` >= 0, joined only for an error.
 */
function readEntries(r: BitReader, n: number, prefix: string, index: number, max: number, lenient: boolean): number[] {
  if (n === 1 && r.pos + 33 <= r.end) {
    // One entry (most restrictions, many vectors): two plain reads and a two-number literal,
    // 10% of a string of 4,095 one-entry restrictions. Anything unusual (id 0, end < start,
    // above max) goes the long way for its error or lenient rule.
    const from = r.pos;
    const head = r.u(17);
    const start = head & 0xffff;
    const end = head > 0xffff ? r.u(16) : start;
    if (start !== 0 && end >= start && end <= max) return [start, end];
    r.pos = from;
  }
  // Sized once (at most 8,190 numbers): pushing grew the list seven times for 265 entries, about
  // 15% of the loop. Lenient decoding may drop entries; the list is cut to length after.
  const runs: number[] = new Array<number>(2 * n);
  let k = 0;
  const b = r.bytes;
  const stop = r.end;
  let pos = r.pos;
  // Sorted, disjoint, non-adjacent entries (what encoders write) need no normalizing pass.
  let last = -1;
  let ordered = true;
  for (let i = 0; i < n; i++) {
    const at = pos;
    // IsARange and StartOrOnlyVendorId, then EndVendorId, each from a window of four characters
    // (17 bits that start at most 5 bits into a character fit in 24). The second is read whether
    // or not the entry is a range: a branch on IsARange, which real strings mix unpredictably,
    // cost more than the four loads. A field past the segment is thrown below, whatever the
    // bits read for it; bits read past a field are shifted out.
    let c = (pos / 6) | 0;
    let w = (VALUES[b[c]!]! << 18) | (VALUES[b[c + 1]!]! << 12) | (VALUES[b[c + 2]!]! << 6) | VALUES[b[c + 3]!]!;
    const isRange = (w >> (23 - (pos - c * 6))) & 1;
    const start = (w >> (7 - (pos - c * 6))) & 0xffff;
    pos += 17;
    c = (pos / 6) | 0;
    w = (VALUES[b[c]!]! << 18) | (VALUES[b[c + 1]!]! << 12) | (VALUES[b[c + 2]!]! << 6) | VALUES[b[c + 3]!]!;
    const end = isRange === 0 ? start : (w >> (8 - (pos - c * 6))) & 0xffff;
    pos += isRange << 4;
    if (pos > stop) throw entryEnd(r, at, entryPath(prefix, index, i));
    if (start === 0 || end < start || end > max) {
      if (!lenient) {
        // Id 0 is the start's fault; end < start, or above max, the end's when there is one.
        const onEnd = start !== 0 && isRange === 1;
        throw r.error(
          'INVALID_RANGE',
          start === 0 ? 'vendor id 0' : end < start ? `end ${end} < start ${start}` : `vendor id ${end} > MaxVendorId ${max}`,
          entryPath(prefix, index, i) + (onEnd ? 'endVendorId' : 'startOrOnlyVendorId'),
          at - r.base + (onEnd ? 17 : 1),
        );
      }
      // Lenient: drop what names no id (end < start, or 0 alone); id 0 of a range is dropped.
      if (end < start || end === 0) continue;
      runs[k++] = start || 1;
      runs[k++] = end;
      ordered = false;
    } else {
      if (start <= last + 1) ordered = false;
      last = end;
      runs[k++] = start;
      runs[k++] = end;
    }
  }
  r.pos = pos;
  if (k < runs.length) runs.length = k;
  return ordered ? runs : normalizeRuns(runs);
}

const restrictionPath = (i: number): string => `publisherRestrictions[${i}].rangeEntries`;

/** Ids in sorted, disjoint runs. */
function idCount(runs: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < runs.length; i += 2) n += runs[i + 1]! - runs[i]! + 1;
  return n;
}

function entryPath(prefix: string, index: number, i: number): string {
  return `${index < 0 ? prefix : `${prefix}[${index}].`}rangeEntries[${i}].`;
}

/** The UNEXPECTED_END error for the range entry at bit `at` (a cold path). */
function entryEnd(r: BitReader, at: number, field: string): TCStringError {
  r.pos = at;
  if (r.pos + 1 > r.end) return r.endError(1, field + 'isARange');
  const isRange = r.bool();
  if (r.pos + 16 > r.end) return r.endError(16, field + 'startOrOnlyVendorId');
  r.pos += 16;
  return r.endError(isRange ? 16 : 0, field + 'endVendorId');
}

/** `count` (> 0) PublisherRestrictions entries. */
function readRestrictions(r: BitReader, count: number, lenient: boolean): readonly PublisherRestriction[] {
  // Sized once, as range lists are (readEntries); lenient decoding may drop entries.
  const list: PublisherRestriction[] = new Array<PublisherRestriction>(count);
  let k = 0;
  for (let i = 0; i < count; i++) {
    // PurposeId and RestrictionType in one read, checked before NumEntries is: errors in bit order.
    if (r.pos + 8 > r.end) throw fixedEnd(r, RESTRICTION_FIELDS, `publisherRestrictions[${i}].`);
    const at = r.pos - r.base;
    const head = r.u(8);
    const purposeId = head >> 2;
    const restrictionType = head & 3;
    // Lenient: an entry without a valid purpose or type says nothing usable; it is dropped.
    const usable = purposeId !== 0 && restrictionType !== 3;
    if (!usable && !lenient) {
      throw purposeId === 0
        ? r.error('INVALID_PURPOSE_ID', 'purpose id 0', `publisherRestrictions[${i}].purposeId`, at)
        : r.error('INVALID_RESTRICTION_TYPE', 'restriction type 3 is undefined', `publisherRestrictions[${i}].restrictionType`, at + 6);
    }
    if (r.pos + 12 > r.end) throw r.endError(12, `publisherRestrictions[${i}].numEntries`);
    const runs = readEntries(r, r.u(12), 'publisherRestrictions', i, 65535, lenient);
    r.count(idCount(runs), restrictionPath, i, at);
    if (usable) {
      // Not frozen one by one: that would be a quarter of the cost of a restriction-heavy string
      // (the list, and the model, are frozen; the type is readonly).
      list[k++] = { purposeId, restrictionType: restrictionType as RestrictionTypeValue, vendorIds: new IdSet(null, 0, 0, runs) };
    }
  }
  if (k < count) list.length = k;
  return Object.freeze(list);
}
