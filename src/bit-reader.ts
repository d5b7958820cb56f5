import { TCStringError, type SegmentName } from './errors.js';

/**
 * Reads MSB-first unsigned integers from one segment's bits.
 *
 * Positions are absolute bit indexes into `bytes` (several segments share one buffer); `base` is
 * where this segment starts and `end` where its bits stop. The buffer carries at least 4 zero
 * bytes past `end`, so a read never leaves the array: callers check lengths with `need` first,
 * once per fixed-size group of fields.
 */
export class BitReader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly base: number,
    readonly end: number,
    readonly segment: SegmentName,
    /** Index in the input string of the segment's first character. */
    readonly charBase: number,
  ) {
    this.pos = base;
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
  error(code: TCStringError['code'], message: string, field: string, bitOffset = this.pos - this.base): TCStringError {
    return new TCStringError(code, message, {
      segment: this.segment,
      field,
      bitOffset,
      charIndex: this.charBase + Math.floor(bitOffset / 6),
    });
  }

  /** Reads `n` <= 25 bits. Unchecked: call `need` first. */
  u(n: number): number {
    const p = this.pos;
    const b = this.bytes;
    const i = p >>> 3;
    const window = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) << (p & 7);
    this.pos = p + n;
    return window >>> (32 - n);
  }

  /** Reads one bit as a boolean. Unchecked. */
  bool(): boolean {
    const p = this.pos++;
    return ((this.bytes[p >>> 3]! >> (7 - (p & 7))) & 1) === 1;
  }

  /** Reads a 36-bit integer exactly (above 2^32, so multiply instead of shifting). Unchecked. */
  u36(): number {
    const hi = this.u(18);
    return hi * 262144 + this.u(18);
  }
}
