import { NOT_BASE64URL, SEXTETS } from './base64url.js';
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
}

/** The defaults of {@link DecodeOptions}. */
export const DECODE_DEFAULTS: Readonly<DecodeOptions> = /* @__PURE__ */ Object.freeze({ lenient: false, maxLength: 131072 });

const EMPTY = /* @__PURE__ */ new IdSet(null, 0, 0, []);
const NO_RESTRICTIONS: readonly PublisherRestriction[] = /* @__PURE__ */ Object.freeze([]);
/** The PublisherTC values of a string without that segment. */
const NO_PUBLISHER: readonly unknown[] = [EMPTY, EMPTY, 0, EMPTY, EMPTY];

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
  if (options?.lenient !== true || typeof tcString !== 'string') return decodeText(tcString, options);
  try {
    return decodeText(tcString, options);
  } catch (error) {
    // Lenient decoding reads a cleaned-up copy; point charIndex back into the caller's text.
    const e = error as TCStringError;
    if (e.charIndex === null) throw error;
    const at = inputIndex(tcString, e.charIndex);
    const prefix = e.segment && e.field ? `${e.segment}.${e.field}: ` : e.field ? `${e.field}: ` : e.segment ? `${e.segment}: ` : '';
    const message = e.message.slice(prefix.length).replace(`at index ${e.charIndex} `, `at index ${at} `);
    throw fail(e.code, message, e.segment, e.field, e.bitOffset, at);
  }
}

/** Where character `i` of `tidy(input)` came from in `input` (a cold path). */
function inputIndex(input: string, i: number): number {
  const start = input.length - input.trimStart().length;
  const text = input.trim();
  // Walk back from the end: an '=' is dropped when only '=' lie between it and a dot or the end.
  const dropped: boolean[] = [];
  let tail = true;
  for (let k = text.length - 1; k >= 0; k--) {
    const c = text[k];
    dropped[k] = c === '=' && tail;
    tail = c === '.' || (c === '=' && tail);
  }
  let kept = 0;
  for (let k = 0; k < text.length; k++) {
    if (dropped[k]) continue;
    if (kept++ === i) return start + k;
  }
  return start + text.length;
}

function decodeText(tcString: string, options: Partial<DecodeOptions> | undefined): TCModel {
  // Options are merged with the defaults here, and only here.
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw fail('INVALID_INPUT', 'options must be an object');
  }
  const lenient = options?.lenient ?? DECODE_DEFAULTS.lenient;
  const maxLength = options?.maxLength ?? DECODE_DEFAULTS.maxLength;
  if (typeof lenient !== 'boolean' || typeof maxLength !== 'number' || !(maxLength >= 0)) {
    throw fail('INVALID_INPUT', 'options: lenient must be a boolean, maxLength a number >= 0');
  }
  if (typeof tcString !== 'string') {
    throw fail('INVALID_INPUT', `expected a string, got ${tcString === null ? 'null' : typeof tcString}`);
  }
  if (tcString.length > maxLength) {
    throw fail('INPUT_TOO_LONG', `length ${tcString.length} is over maxLength ${maxLength}`);
  }
  const s = lenient ? tidy(tcString) : tcString;
  // One pass checks every character; the readers then trust the text they read from.
  const bad = NOT_BASE64URL.exec(s);
  if (bad !== null) {
    throw fail('INVALID_CHARACTER', `${JSON.stringify(bad[0])} at index ${bad.index} is not base64url`, null, null, null, bad.index);
  }
  const segments: SegmentName[] = [];
  // Values by segment type: core, vendorsDisclosed, vendorsAllowed, publisherTC.
  const found: unknown[] = [null, EMPTY, EMPTY, NO_PUBLISHER];
  for (let start = 0, dot = 0; dot >= 0; start = dot + 1) {
    dot = s.indexOf('.', start);
    const end = dot < 0 ? s.length : dot;
    if (end === start) {
      if (lenient) continue;
      throw fail('EMPTY_SEGMENT', `segment ${segments.length + 1} is empty`, null, null, null, start);
    }
    const first = SEXTETS[s.charCodeAt(start)]!;
    const type = first >> 3;
    const name = SEGMENT_NAMES[type];
    if (segments.length === 0) {
      if (type !== 0) {
        throw fail('MISSING_CORE', `the first segment is ${name ?? `of type ${type}`}, not core`, null, 'segmentType', 0, start);
      }
      if (first !== 2) {
        throw first === 1
          ? fail('TCF_V1_UNSUPPORTED', 'TCF v1 strings are not supported', 'core', 'version', 0, start)
          : fail('UNSUPPORTED_VERSION', `version ${first} is not supported`, 'core', 'version', 0, start);
      }
    } else if (name === undefined || type === 0 || segments.indexOf(name) >= 0) {
      if (lenient) continue;
      throw name === undefined
        ? fail('UNKNOWN_SEGMENT_TYPE', `unknown segment type ${type}`, null, 'segmentType', 0, start)
        : fail('DUPLICATE_SEGMENT', `a second ${name} segment`, name, 'segmentType', 0, start);
    }
    segments.push(name!);
    const r = new BitReader(s, start * 6, end * 6, name!);
    if (type === 0) found[0] = readCore(r, lenient);
    else if (type === 3) found[3] = readPublisher(r);
    else {
      r.pos += 3;
      found[type] = readVendorVector(r, '', lenient);
    }
  }
  // Only lenient decoding skips segments, so only it can end without a core.
  if (segments.length === 0) throw fail('MISSING_CORE', 'no core segment', null, null, null, 0);
  const c = found[0] as unknown[];
  const p = found[3] as unknown[];
  // One literal, keys in the order of CORE_FIELDS and then the rest (a test holds them equal):
  // a fixed shape is what makes the result cheap to build and to read.
  return Object.freeze({
    version: c[0],
    created: c[1],
    lastUpdated: c[2],
    cmpId: c[3],
    cmpVersion: c[4],
    consentScreen: c[5],
    consentLanguage: c[6],
    vendorListVersion: c[7],
    policyVersion: c[8],
    isServiceSpecific: c[9],
    useNonStandardTexts: c[10],
    specialFeatureOptins: c[11],
    purposeConsents: c[12],
    purposeLegitimateInterests: c[13],
    purposeOneTreatment: c[14],
    publisherCountryCode: c[15],
    vendorConsents: c[16],
    vendorLegitimateInterests: c[17],
    publisherRestrictions: c[18],
    vendorsDisclosed: found[1],
    vendorsAllowed: found[2],
    publisherConsents: p[0],
    publisherLegitimateInterests: p[1],
    numCustomPurposes: p[2],
    publisherCustomConsents: p[3],
    publisherCustomLegitimateInterests: p[4],
    segments: Object.freeze(segments),
  }) as TCModel;
}

/** Lenient input clean-up: surrounding whitespace, `=` padding, and the standard base64 `+` `/`. */
function tidy(s: string): string {
  return s.trim().replace(/=+(?=\.|$)/g, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The UNEXPECTED_END error for the first of `fields` that does not fit (a cold path). */
function fixedEnd(r: BitReader, fields: readonly FieldSpec[], prefix = ''): TCStringError {
  for (const [name, bits] of fields) {
    if (r.pos + bits > r.end) return r.endError(bits, prefix + name);
    r.pos += bits;
  }
  return r.endError(0, prefix);
}

/**
 * The core segment's values, in the order of CORE_FIELDS then the vendor vectors and the
 * restrictions. Straight-line reads rather than a walk over the table: this is the hot path, and
 * a test checks the two agree field by field.
 */
function readCore(r: BitReader, lenient: boolean): unknown[] {
  if (r.pos + CORE_FIXED_BITS > r.end) throw fixedEnd(r, CORE_FIELDS);
  const src = r.src;
  const version = r.u(6);
  const created = new Date(r.u36() * 100);
  const lastUpdated = new Date(r.u36() * 100);
  const cmpId = r.u(12);
  const cmpVersion = r.u(12);
  const consentScreen = r.u(6);
  const consentLanguage = letters(r, 'consentLanguage', lenient);
  const vendorListVersion = r.u(12);
  const policyVersion = r.u(6);
  const isServiceSpecific = r.bool();
  const useNonStandardTexts = r.bool();
  const at = r.pos;
  r.pos += 60;
  const purposeOneTreatment = r.bool();
  const publisherCountryCode = letters(r, 'publisherCountryCode', lenient);
  return [
    version,
    created,
    lastUpdated,
    cmpId,
    cmpVersion,
    consentScreen,
    consentLanguage,
    vendorListVersion,
    policyVersion,
    isServiceSpecific,
    useNonStandardTexts,
    new IdSet(src, at, 12, null),
    new IdSet(src, at + 12, 24, null),
    new IdSet(src, at + 36, 24, null),
    purposeOneTreatment,
    publisherCountryCode,
    readVendorVector(r, 'vendorConsents.', lenient),
    readVendorVector(r, 'vendorLegitimateInterests.', lenient),
    readRestrictions(r, lenient),
  ];
}

/** A 2-letter code: two 6-bit values, A = 0 … Z = 25. */
function letters(r: BitReader, field: string, lenient: boolean): string {
  const a = r.u(6);
  const b = r.u(6);
  if ((a > 25 || b > 25) && !lenient) {
    throw r.error('INVALID_LETTER', `letters ${a}, ${b} are not both A–Z (0–25)`, field, r.pos - r.base - 12);
  }
  // Lenient: a value above 25 is no letter; '?' says so, and encode refuses it rather than
  // reading, say, value 36 ('e' as 65 + 36) back as 'E' (test/regressions).
  return (a > 25 ? '?' : String.fromCharCode(65 + a)) + (b > 25 ? '?' : String.fromCharCode(65 + b));
}

/** The PublisherTC values, in the order of PUBLISHER_FIELDS then the custom purposes. */
function readPublisher(r: BitReader): unknown[] {
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
  r.need(16, prefix + 'maxVendorId');
  const max = r.u(16);
  r.need(1, prefix + 'isRangeEncoding');
  if (!r.bool()) {
    r.need(max, prefix + 'bitField');
    r.pos += max;
    return new IdSet(r.src, r.pos - max, max, null, max, 0);
  }
  r.need(12, prefix + 'numEntries');
  return new IdSet(null, 0, 0, readEntries(r, r.u(12), prefix, lenient ? 65535 : max, lenient), max, 1);
}

/** `n` RangeEntry records as sorted, merged runs. Ids above `max` are errors. */
function readEntries(r: BitReader, n: number, prefix: string, max: number, lenient: boolean): number[] {
  const runs: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    if (at + 17 > r.end) throw entryEnd(r, prefix, i);
    const isRange = r.bool();
    const start = r.u(16);
    let end = start;
    if (isRange) {
      if (r.pos + 16 > r.end) {
        r.pos = at;
        throw entryEnd(r, prefix, i);
      }
      end = r.u(16);
    }
    if (start === 0 || end < start || end > max) {
      if (!lenient) {
        const field = `${prefix}rangeEntries[${i}].`;
        const bit = at - r.base;
        throw start === 0
          ? r.error('INVALID_RANGE', 'vendor id 0', field + 'startOrOnlyVendorId', bit + 1)
          : end < start
            ? r.error('INVALID_RANGE', `end ${end} < start ${start}`, field + 'endVendorId', bit + 17)
            : r.error('INVALID_RANGE', `vendor id ${end} > MaxVendorId ${max}`, field + (isRange ? 'endVendorId' : 'startOrOnlyVendorId'), bit + (isRange ? 17 : 1));
      }
      // Lenient: drop what names no id (end < start, or 0 alone); id 0 of a range is dropped.
      if (end < start || end === 0) continue;
      runs.push(start || 1, end);
    } else runs.push(start, end);
  }
  return normalizeRuns(runs);
}

/** The UNEXPECTED_END error for range entry `i`, read from its first bit (a cold path). */
function entryEnd(r: BitReader, prefix: string, i: number): TCStringError {
  const field = `${prefix}rangeEntries[${i}].`;
  if (r.pos + 1 > r.end) return r.endError(1, field + 'isARange');
  r.pos += 1;
  if (r.pos + 16 > r.end) return r.endError(16, field + 'startOrOnlyVendorId');
  r.pos += 16;
  return r.endError(16, field + 'endVendorId');
}

function readRestrictions(r: BitReader, lenient: boolean): readonly PublisherRestriction[] {
  r.need(12, 'publisherRestrictions.numPubRestrictions');
  const count = r.u(12);
  if (count === 0) return NO_RESTRICTIONS;
  const list: PublisherRestriction[] = [];
  for (let i = 0; i < count; i++) {
    const prefix = `publisherRestrictions[${i}].`;
    if (r.pos + 20 > r.end) throw fixedEnd(r, RESTRICTION_FIELDS, prefix);
    const purposeId = r.u(6);
    const restrictionType = r.u(2);
    if (!lenient && (purposeId === 0 || restrictionType === 3)) {
      throw purposeId === 0
        ? r.error('INVALID_PURPOSE_ID', 'purpose id 0', prefix + 'purposeId', r.pos - r.base - 8)
        : r.error('INVALID_RESTRICTION_TYPE', 'restriction type 3 is undefined', prefix + 'restrictionType', r.pos - r.base - 2);
    }
    const runs = readEntries(r, r.u(12), prefix, 65535, lenient);
    // Lenient: an entry without a valid purpose or type says nothing usable; drop it.
    if (purposeId !== 0 && restrictionType !== 3) {
      list.push(Object.freeze({ purposeId, restrictionType: restrictionType as RestrictionTypeValue, vendorIds: new IdSet(null, 0, 0, runs) }));
    }
  }
  return Object.freeze(list);
}
