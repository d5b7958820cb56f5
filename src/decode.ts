import { NOT_BASE64URL, SEXTETS } from './base64url.js';
import { BitReader } from './bit-reader.js';
import { TCStringError, type SegmentName } from './errors.js';
import { IdSet, normalizeRuns } from './id-set.js';
import {
  BOOL,
  CORE_FIELDS,
  CORE_FIXED_BITS,
  DATE,
  FLAGS,
  INT,
  PUBLISHER_FIELDS,
  SEGMENT_NAMES,
  type FieldSpec,
} from './layout.js';
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
export const DECODE_DEFAULTS: Readonly<DecodeOptions> = Object.freeze({ lenient: false, maxLength: 131072 });

const EMPTY = /* @__PURE__ */ new IdSet(null, 0, 0, []);

const NO_RESTRICTIONS: readonly PublisherRestriction[] = /* @__PURE__ */ Object.freeze([]);

/** The PublisherTC values of a string without that segment. */
const NO_PUBLISHER: unknown[] = [EMPTY, EMPTY, 0, EMPTY, EMPTY];

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
  const { lenient, maxLength } = decodeOptions(options);
  if (typeof tcString !== 'string') {
    throw new TCStringError('INVALID_INPUT', `expected a string, got ${describe(tcString)}`);
  }
  if (tcString.length > maxLength) {
    throw new TCStringError('INPUT_TOO_LONG', `${tcString.length} characters is over the limit of ${maxLength}`);
  }
  const s = lenient ? tidy(tcString) : tcString;
  // One pass checks every character; the readers then trust the text they read from.
  const bad = NOT_BASE64URL.exec(s);
  if (bad !== null) throw badCharacter(s, bad.index);
  const segments: SegmentName[] = [];
  let core: unknown[] | null = null;
  let disclosed = EMPTY;
  let allowed = EMPTY;
  let publisher: unknown[] = NO_PUBLISHER;

  for (let start = 0; ; ) {
    const dot = s.indexOf('.', start);
    const end = dot < 0 ? s.length : dot;
    if (end === start) {
      if (!lenient) {
        throw new TCStringError('EMPTY_SEGMENT', `segment ${segments.length + 1} is empty`, { charIndex: start });
      }
    } else {
      const first = SEXTETS[s.charCodeAt(start)]!;
      const type = first >> 3;
      let name: SegmentName | null = null;
      if (core === null) {
        if (type !== 0) {
          throw new TCStringError('MISSING_CORE', `the first segment must be a core segment, found ${SEGMENT_NAMES[type] ?? `type ${type}`}`, {
            field: 'segmentType',
            bitOffset: 0,
            charIndex: start,
          });
        }
        if (first !== 2) {
          throw first === 1
            ? new TCStringError('TCF_V1_UNSUPPORTED', 'TCF v1 strings are not supported', coreVersionAt(start))
            : new TCStringError('UNSUPPORTED_VERSION', `version ${first} is not supported (expected 2)`, coreVersionAt(start));
        }
        name = 'core';
      } else if (type > 3) {
        if (!lenient) {
          throw new TCStringError('UNKNOWN_SEGMENT_TYPE', `segment type ${type} is not defined`, {
            field: 'segmentType',
            bitOffset: 0,
            charIndex: start,
          });
        }
      } else {
        const n = SEGMENT_NAMES[type]!;
        if (segments.indexOf(n) < 0) name = n;
        else if (!lenient) {
          throw new TCStringError('DUPLICATE_SEGMENT', `a second ${n} segment`, { segment: n, field: 'segmentType', bitOffset: 0, charIndex: start });
        }
      }
      if (name !== null) {
        const r = new BitReader(s, start * 6, end * 6, name);
        segments.push(name);
        if (name === 'core') core = readCore(r, lenient);
        else if (name === 'publisherTC') publisher = readPublisher(r);
        else {
          r.pos += 3;
          const set = readVendorVector(r, '', lenient);
          if (name === 'vendorsDisclosed') disclosed = set;
          else allowed = set;
        }
      }
    }
    if (dot < 0) break;
    start = dot + 1;
  }

  if (core === null) throw new TCStringError('MISSING_CORE', 'no core segment', { charIndex: 0 });
  const c = core;
  const p = publisher;
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
    vendorsDisclosed: disclosed,
    vendorsAllowed: allowed,
    publisherConsents: p[0],
    publisherLegitimateInterests: p[1],
    numCustomPurposes: p[2],
    publisherCustomConsents: p[3],
    publisherCustomLegitimateInterests: p[4],
    segments: Object.freeze(segments),
  }) as TCModel;
}

/** Merges options with the defaults, in one place, and checks them. */
function decodeOptions(options: Partial<DecodeOptions> | undefined): DecodeOptions {
  if (options === undefined) return DECODE_DEFAULTS;
  if (typeof options !== 'object' || options === null) {
    throw new TCStringError('INVALID_INPUT', `options must be an object, got ${describe(options)}`);
  }
  const lenient = options.lenient ?? DECODE_DEFAULTS.lenient;
  const maxLength = options.maxLength ?? DECODE_DEFAULTS.maxLength;
  if (typeof lenient !== 'boolean') throw new TCStringError('INVALID_INPUT', `options.lenient must be a boolean, got ${describe(lenient)}`);
  if (typeof maxLength !== 'number' || !(maxLength >= 0)) {
    throw new TCStringError('INVALID_INPUT', `options.maxLength must be a non-negative number, got ${describe(maxLength)}`);
  }
  return { lenient, maxLength };
}

/** Lenient input clean-up: surrounding whitespace, `=` padding, and the standard base64 `+` `/`. */
function tidy(s: string): string {
  return s.trim().replace(/=+(?=\.|$)/g, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function coreVersionAt(charIndex: number) {
  return { segment: 'core' as const, field: 'version', bitOffset: 0, charIndex };
}

function badCharacter(s: string, i: number): TCStringError {
  const c = s.charCodeAt(i);
  const shown = c >= 0x21 && c < 0x7f ? `'${s.charAt(i)}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return new TCStringError('INVALID_CHARACTER', `character ${shown} at index ${i} is not base64url`, { charIndex: i });
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Appends the values of fixed fields to `out`; the table gives names, widths and kinds. */
function readFixed(r: BitReader, fields: readonly FieldSpec[], out: unknown[], lenient: boolean): void {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const bits = field[1];
    const kind = field[2];
    if (kind === INT) out.push(r.u(bits));
    else if (kind === BOOL) out.push(r.bool());
    else if (kind === FLAGS) {
      out.push(new IdSet(r.src, r.pos, bits, null));
      r.pos += bits;
    } else if (kind === DATE) out.push(new Date(r.u36() * 100));
    else out.push(letters(r, field[0], lenient));
  }
}

/** Throws UNEXPECTED_END for the first field of `fields` that does not fit. */
function fixedEnd(r: BitReader, fields: readonly FieldSpec[]): TCStringError {
  for (const [name, bits] of fields) {
    if (r.pos + bits > r.end) return r.endError(bits, name);
    r.pos += bits;
  }
  return r.endError(0, fields[fields.length - 1]![0]);
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
  const at = r.pos;
  const a = r.u(6);
  const b = r.u(6);
  if ((a > 25 || b > 25) && !lenient) {
    throw r.error('INVALID_LETTER', `letter values ${a}, ${b} are not both in A–Z (0–25)`, field, at - r.base);
  }
  return String.fromCharCode(65 + a, 65 + b);
}

function readPublisher(r: BitReader): unknown[] {
  r.pos += 3;
  if (r.pos + 54 > r.end) throw fixedEnd(r, PUBLISHER_FIELDS);
  const out: unknown[] = [];
  readFixed(r, PUBLISHER_FIELDS, out, false);
  const n = out[2] as number;
  r.need(n, 'publisherCustomConsents');
  out.push(new IdSet(r.src, r.pos, n, null));
  r.pos += n;
  r.need(n, 'publisherCustomLegitimateInterests');
  out.push(new IdSet(r.src, r.pos, n, null));
  r.pos += n;
  return out;
}

/** A VendorVector (shared/tcf-format.md §4); `prefix` is the field path before its own fields. */
function readVendorVector(r: BitReader, prefix: string, lenient: boolean): IdSet {
  r.need(16, prefix + 'maxVendorId');
  const max = r.u(16);
  r.need(1, prefix + 'isRangeEncoding');
  if (!r.bool()) {
    r.need(max, prefix + 'bitField');
    const set = new IdSet(r.src, r.pos, max, null, max, 0);
    r.pos += max;
    return set;
  }
  r.need(12, prefix + 'numEntries');
  const runs = readEntries(r, r.u(12), prefix, lenient ? 65535 : max, lenient);
  return new IdSet(null, 0, 0, runs, max, 1);
}

/** `n` RangeEntry records as sorted, merged runs. Ids above `max` are errors. */
function readEntries(r: BitReader, n: number, prefix: string, max: number, lenient: boolean): number[] {
  const runs: number[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    if (at + 17 > r.end) throw r.endError(at + 1 > r.end ? 1 : 16, `${prefix}rangeEntries[${i}].${at + 1 > r.end ? 'isARange' : 'startOrOnlyVendorId'}`);
    const isRange = r.bool();
    const start = r.u(16);
    let end = start;
    if (isRange) {
      if (r.pos + 16 > r.end) throw r.endError(16, `${prefix}rangeEntries[${i}].endVendorId`);
      end = r.u(16);
    }
    if (start === 0 || end < start || end > max) {
      if (!lenient) throw rangeError(r, `${prefix}rangeEntries[${i}]`, at, start, end, max);
      // Lenient: drop what names no id (end < start, or 0 alone); id 0 of a range is dropped.
      if (end < start || end === 0) continue;
      runs.push(start === 0 ? 1 : start, end);
    } else runs.push(start, end);
  }
  return normalizeRuns(runs);
}

function rangeError(r: BitReader, field: string, at: number, start: number, end: number, max: number): TCStringError {
  const base = at - r.base;
  if (start === 0) return r.error('INVALID_RANGE', 'vendor id 0 is not valid (ids start at 1)', field + '.startOrOnlyVendorId', base + 1);
  if (end < start) return r.error('INVALID_RANGE', `range end ${end} is below its start ${start}`, field + '.endVendorId', base + 17);
  return r.error('INVALID_RANGE', `vendor id ${end} is above MaxVendorId ${max}`, field + (end === start ? '.startOrOnlyVendorId' : '.endVendorId'), end === start ? base + 1 : base + 17);
}

function readRestrictions(r: BitReader, lenient: boolean): readonly PublisherRestriction[] {
  r.need(12, 'publisherRestrictions.numPubRestrictions');
  const count = r.u(12);
  if (count === 0) return NO_RESTRICTIONS;
  const list: PublisherRestriction[] = [];
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    if (at + 20 > r.end) {
      const field = at + 6 > r.end ? 'purposeId' : at + 8 > r.end ? 'restrictionType' : 'numEntries';
      throw r.endError(field === 'purposeId' ? 6 : field === 'restrictionType' ? 2 : 12, `publisherRestrictions[${i}].${field}`);
    }
    const purposeId = r.u(6);
    const restrictionType = r.u(2);
    if (!lenient && purposeId === 0) {
      throw r.error('INVALID_PURPOSE_ID', 'purpose id 0 is not valid', `publisherRestrictions[${i}].purposeId`, at - r.base);
    }
    if (!lenient && restrictionType === 3) {
      throw r.error('INVALID_RESTRICTION_TYPE', 'restriction type 3 is not defined', `publisherRestrictions[${i}].restrictionType`, at - r.base + 6);
    }
    const runs = readEntries(r, r.u(12), `publisherRestrictions[${i}].`, 65535, lenient);
    // Lenient: an entry without a valid purpose or type says nothing usable; drop it.
    if (purposeId === 0 || restrictionType === 3) continue;
    list.push(Object.freeze({ purposeId, restrictionType: restrictionType as RestrictionTypeValue, vendorIds: new IdSet(null, 0, 0, runs) }));
  }
  return Object.freeze(list);
}
