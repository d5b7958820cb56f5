import { readByteBits } from './base64url.js';
import { TCStringError, type SegmentName, type TCStringErrorCode } from './errors.js';

/** A TCStringError from positional details: the decoder makes many, so this keeps it small. */
export function fail(
  code: TCStringErrorCode,
  message: string,
  segment: SegmentName | null = null,
  field: string | null = null,
  bitOffset: number | null = null,
  charIndex: number | null = null,
): TCStringError {
  return new TCStringError(code, message, { segment, field, bitOffset, charIndex });
}

/**
 * Reads MSB-first unsigned integers from one segment, from the base64url text's character codes
 * as bytes (one byte per character, not decoded to 8-bit bytes: decoding the text first would
 * cost more than reading it).
 *
 * Positions are absolute bit indexes into the string (character i holds bits [6i, 6i + 6));
 * `base` is the segment's first bit and `end` the bit after its last character. Reads are
 * unchecked: callers check lengths with `need` first, once per fixed-size group of fields.
 */
export class BitReader {
  pos: number;
  /** Ids the sets read so far hold (a bitfield counts as its width), against `maxIds`. */
  ids = 0;
  maxIds = Infinity;

  constructor(
    readonly src: string,
    /** `src` as bytes, from `textBytes` (base64url.ts): what the reads read. */
    readonly bytes: Uint8Array,
    public base: number,
    public end: number,
    public segment: SegmentName,
  ) {
    this.pos = base;
  }

  /** Moves the reader to another segment of the same string. */
  reset(base: number, end: number, segment: SegmentName): void {
    this.base = this.pos = base;
    this.end = end;
    this.segment = segment;
  }

  /**
   * Counts `n` more ids for the set just read; past `maxIds` throws TOO_MANY_IDS at `field`
   * (`field(index)` when given a function, so that no path is built unless it is needed).
   */
  count(n: number, field: string | ((index: number) => string), index: number, bitOffset: number, suffix = ''): void {
    if ((this.ids += n) > this.maxIds) {
      const path = (typeof field === 'string' ? field : field(index)) + suffix;
      throw this.error('TOO_MANY_IDS', `the sets hold over maxIds = ${this.maxIds} ids`, path, bitOffset);
    }
  }

  /** Throws UNEXPECTED_END unless `n` more bits remain for `field`. */
  need(n: number, field: string): void {
    if (this.pos + n > this.end) throw this.endError(n, field);
  }

  endError(n: number, field: string): TCStringError {
    const at = this.pos - this.base;
    const left = this.end - this.pos;
    return this.error('UNEXPECTED_END', `needs ${n} bit${n === 1 ? '' : 's'} at bit ${at}, ${left} left`, field, at);
  }

  /** An error located at `bitOffset` (relative to the segment), or at the cursor. */
  error(code: TCStringErrorCode, message: string, field: string, bitOffset = this.pos - this.base): TCStringError {
    // A field that starts past the last character is reported at the end of the segment.
    return fail(code, message, this.segment, field, bitOffset, Math.min(Math.floor((this.base + bitOffset) / 6), this.end / 6));
  }

  /** Reads `n` (1..18) bits. Unchecked: call `need` first. */
  u(n: number): number {
    const v = readByteBits(this.bytes, this.pos, n);
    this.pos += n;
    return v;
  }

  /** Reads one bit as a boolean. Unchecked. */
  bool(): boolean {
    return readByteBits(this.bytes, this.pos++, 1) === 1;
  }

}

/**
 * Reads a 36-bit Created or LastUpdated field (deciseconds since the epoch) as milliseconds.
 * Above 2^32, so two 18-bit halves are multiplied together, not shifted. Unchecked. A function,
 * not a method, so that bundles which never read a date field by itself (decode) leave it out.
 */
export function readMillis(r: BitReader): number {
  const hi = r.u(18);
  return (hi * 262144 + r.u(18)) * 100;
}
