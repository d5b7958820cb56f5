import { packSextets } from './base64url.js';

/** Writes MSB-first unsigned integers by OR-ing them into a zeroed buffer that grows by doubling. */
export class BitWriter {
  bytes = new Uint8Array(64);
  pos = 0;

  private ensure(bits: number): void {
    const need = ((this.pos + bits + 7) >>> 3) + 4;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes);
    this.bytes = grown;
  }

  /** Writes the low `n` <= 32 bits of `value` (the caller has range-checked it). */
  u(value: number, n: number): void {
    this.ensure(n);
    const b = this.bytes;
    let p = this.pos;
    let left = n;
    while (left > 0) {
      const free = 8 - (p & 7);
      const take = free < left ? free : left;
      const bits = (value / 2 ** (left - take)) & ((1 << take) - 1);
      b[p >>> 3]! |= bits << (free - take);
      p += take;
      left -= take;
    }
    this.pos = p;
  }

  /** Writes a 36-bit integer exactly (above 2^32, so divide instead of shifting). */
  u36(value: number): void {
    this.u(Math.floor(value / 262144), 18);
    this.u(value % 262144, 18);
  }

  bool(value: boolean): void {
    this.u(value ? 1 : 0, 1);
  }

  /** Writes an `n`-bit field whose bit k flags id k+1, from sorted runs `[start, end, …]`. */
  flags(runs: readonly number[], n: number): void {
    this.ensure(n);
    const at = this.pos;
    for (let i = 0; i < runs.length; i += 2) this.fill(at + runs[i]! - 1, runs[i + 1]! - runs[i]! + 1);
    this.pos = at + n;
  }

  /** Sets `count` bits from absolute bit `from`: partial bytes bit by bit, whole bytes at once. */
  private fill(from: number, count: number): void {
    const b = this.bytes;
    let p = from;
    const stop = from + count;
    while (p < stop && (p & 7) !== 0) {
      b[p >>> 3]! |= 0x80 >> (p & 7);
      p++;
    }
    if (stop - p >= 8) {
      b.fill(255, p >>> 3, stop >>> 3);
      p = stop & ~7;
    }
    while (p < stop) {
      b[p >>> 3]! |= 0x80 >> (p & 7);
      p++;
    }
  }

  /** Pads with zeros to a multiple of 24 bits, as the reference does, and returns base64url. */
  finish(): string {
    const bits = Math.ceil(this.pos / 24) * 24;
    this.ensure(bits - this.pos);
    return packSextets(this.bytes, bits >>> 3);
  }
}
