import { ALPHABET, textBytes } from './base64url.js';
import { BitReader, readMillis } from './bit-reader.js';
import { decode } from './decode.js';
import { isTCStringError, type SegmentName, type TCStringError } from './errors.js';
import {
  BOOL,
  CORE_FIELDS,
  DATE,
  FLAGS,
  INT,
  MAX_VENDOR_ID_BITS,
  NUM_ENTRIES_BITS,
  PUBLISHER_FIELDS,
  PURPOSE_ID_BITS,
  RESTRICTION_TYPE_BITS,
  SEGMENT_NAMES,
  SEGMENT_TYPE_BITS,
  VENDOR_ID_BITS,
  type FieldKind,
  type FieldSpec,
} from './layout.js';

/** The value of a field as {@link bitMap} shows it. */
export type BitMapValue = number | boolean | string | readonly number[] | null;

/** One field of a TC string and the bits that hold it. */
export interface BitMapEntry {
  readonly segment: SegmentName;
  /** Field path as `decode`'s errors spell it: `vendorConsents.rangeEntries[0].endVendorId`. */
  readonly field: string;
  /** First bit of the field, counted from the segment's first bit. */
  readonly start: number;
  /** The bit after the field's last one: the field has `end - start` bits. */
  readonly end: number;
  /** The field's bits as `'0'`/`'1'` text, most significant first. */
  readonly bits: string;
  /**
   * Integers as numbers, flags as booleans, dates as ISO 8601 strings, letters as text, bitfields
   * as the ids they set, `null` for `padding` (the bits after a segment's last field).
   */
  readonly value: BitMapValue;
}

/** What {@link bitMap} returns: the fields read, and the decoding error of a broken string. */
export interface BitMap {
  /** Every field in string order, zero-width ones left out; for a broken string, those before the error. */
  readonly fields: readonly BitMapEntry[];
  /** What `decode` throws for this string, or `null` when it decodes. */
  readonly error: TCStringError | null;
}

/**
 * An annotated map of a TC string's bits, field by field: the debugging view behind
 * `tcstring decode --bits`. Within each segment the entries are contiguous and their `bits`,
 * `padding` included, spell the segment's bits exactly.
 *
 * A broken string does not throw: the map holds the fields up to the failing one (included when
 * it could be read, like a range entry above MaxVendorId) and `error` is what `decode` throws.
 * @example
 * bitMap('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA').fields[0];
 * // { segment: 'core', field: 'version', start: 0, end: 6, bits: '000010', value: 2 }
 */
export function bitMap(tcString: string): BitMap {
  let error: TCStringError | null = null;
  try {
    decode(tcString);
  } catch (e) {
    if (!isTCStringError(e)) throw e;
    error = e;
  }
  // No map for what is not a string at all, or too long to decode.
  if (typeof tcString !== 'string' || (error !== null && error.charIndex === null)) return { fields: [], error };

  const fields: BitMapEntry[] = [];
  const seen: SegmentName[] = [];
  for (let start = 0, first = true; ; first = false) {
    const dot = tcString.indexOf('.', start);
    const end = dot < 0 ? tcString.length : dot;
    // The error lies in this piece (charIndex may be the piece's end, for a field past its last bit).
    const failing = error !== null && error.charIndex! >= start && error.charIndex! <= end;
    if (error !== null && error.charIndex! < start) break;
    const name = pieceName(tcString, start, end, first, seen);
    if (name !== null && !(failing && error!.segment === null)) {
      seen.push(name);
      const piece = walk(tcString, start, end, name);
      if (failing) {
        const limit = error!.bitOffset ?? -1;
        for (const f of piece) if (f.start <= limit && f.field !== 'padding') fields.push(f);
      } else for (const f of piece) fields.push(f);
    }
    if (failing || dot < 0) break;
    start = dot + 1;
  }
  return { fields, error };
}

/** The segment a dot-separated piece is, or null when it cannot be walked. */
function pieceName(s: string, start: number, end: number, first: boolean, seen: readonly SegmentName[]): SegmentName | null {
  if (end === start) return null;
  for (let i = start; i < end; i++) if (ALPHABET.indexOf(s.charAt(i)) < 0) return null;
  if (first) return 'core';
  const name = SEGMENT_NAMES[ALPHABET.indexOf(s.charAt(start)) >> 3];
  return name === undefined || name === 'core' || seen.indexOf(name) >= 0 ? null : name;
}

/**
 * Reads one segment field by field, as `decode` does, recording each field; stops quietly at the
 * first field that does not fit (decode's error says why).
 */
function walk(s: string, start: number, end: number, segment: SegmentName): BitMapEntry[] {
  const r = new BitReader(s, textBytes(s, start, end, true), start * 6, end * 6, segment);
  const out: BitMapEntry[] = [];

  /** Reads a field of `n` bits; false when it does not fit. */
  const take = (field: string, n: number, kind: FieldKind | typeof IDS): boolean => {
    if (r.pos + n > r.end) return false;
    if (n === 0) return true;
    const at = r.pos;
    const bits = bitText(r, n);
    r.pos = at;
    let value: BitMapValue;
    if (kind === INT) value = r.u(n);
    else if (kind === BOOL) value = r.bool();
    else if (kind === DATE) {
      value = new Date(readMillis(r)).toISOString();
    } else if (kind === FLAGS || kind === IDS) {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) if (bits.charCodeAt(i) === 49) ids.push(i + 1);
      r.pos += n;
      value = ids;
    } else value = String.fromCharCode(65 + r.u(6), 65 + r.u(6));
    out.push({ segment, field, start: at - r.base, end: at - r.base + n, bits, value });
    return true;
  };
  const last = (): number => {
    const f = out[out.length - 1];
    return typeof f?.value === 'number' ? f.value : 0;
  };
  const fixed = (fields: readonly FieldSpec[]): boolean => fields.every(([name, bits, kind]) => take(name, bits, kind));
  const entries = (prefix: string, n: number): boolean => {
    for (let i = 0; i < n; i++) {
      const p = `${prefix}rangeEntries[${i}].`;
      if (!take(p + 'isARange', 1, BOOL)) return false;
      const isRange = out[out.length - 1]!.value === true;
      if (!take(p + 'startOrOnlyVendorId', VENDOR_ID_BITS, INT)) return false;
      if (isRange && !take(p + 'endVendorId', VENDOR_ID_BITS, INT)) return false;
    }
    return true;
  };
  const vector = (prefix: string): boolean => {
    if (!take(prefix + 'maxVendorId', MAX_VENDOR_ID_BITS, INT)) return false;
    const max = last();
    if (!take(prefix + 'isRangeEncoding', 1, BOOL)) return false;
    if (out[out.length - 1]!.value === false) return take(prefix + 'bitField', max, IDS);
    return take(prefix + 'numEntries', NUM_ENTRIES_BITS, INT) && entries(prefix, last());
  };
  const restrictions = (): boolean => {
    if (!take('publisherRestrictions.numPubRestrictions', NUM_ENTRIES_BITS, INT)) return false;
    for (let i = 0, n = last(); i < n; i++) {
      const p = `publisherRestrictions[${i}].`;
      if (!take(p + 'purposeId', PURPOSE_ID_BITS, INT) || !take(p + 'restrictionType', RESTRICTION_TYPE_BITS, INT)) return false;
      if (!take(p + 'numEntries', NUM_ENTRIES_BITS, INT) || !entries(p, last())) return false;
    }
    return true;
  };

  let complete: boolean;
  if (segment === 'core') {
    complete = fixed(CORE_FIELDS) && vector('vendorConsents.') && vector('vendorLegitimateInterests.') && restrictions();
  } else if (!take('segmentType', SEGMENT_TYPE_BITS, INT)) complete = false;
  else if (segment === 'publisherTC') {
    complete = fixed(PUBLISHER_FIELDS);
    if (complete) {
      const n = last();
      complete = take('publisherCustomConsents', n, FLAGS) && take('publisherCustomLegitimateInterests', n, FLAGS);
    }
  } else complete = vector('');

  if (complete && r.pos < r.end) {
    const at = r.pos;
    out.push({ segment, field: 'padding', start: at - r.base, end: r.end - r.base, bits: bitText(r, r.end - at), value: null });
  }
  return out;
}

/** A vendor vector's bitfield: read as FLAGS, but its width comes from MaxVendorId. */
const IDS = 5;

/** The next `n` bits as text, read 18 at a time. */
function bitText(r: BitReader, n: number): string {
  let text = '';
  for (let left = n; left > 0; ) {
    const k = left < 18 ? left : 18;
    text += r.u(k).toString(2).padStart(k, '0');
    left -= k;
  }
  return text;
}
