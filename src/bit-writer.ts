import { packSextets, readBits } from './base64url.js';

/**
 * A zeroed buffer kept between encodes: allocating a typed array costs more than encoding a
 * typical segment. A writer takes it if it is free (so a re-entrant encode, from a user's
 * iterable, gets its own) and gives it back zeroed from `finish`.
 */
let spare: Uint8Array | null = null;

/** Writes MSB-first unsigned integers by OR-ing them into a zeroed buffer that grows by doubling. */
export class BitWriter {
  bytes: Uint8Array;
  pos = 0;

  constructor() {
    this.bytes = spare ?? new Uint8Array(1024);
    spare = null;
  }

  private ensure(bits: number): void {
    const need = ((this.pos + bits + 7) >>> 3) + 4;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes);
    this.bytes = grown;
  }

  /** Writes `value` < 2^n in `n` <= 25 bits (the caller has range-checked it). */
  u(value: number, n: number): void {
    this.ensure(n);
    const b = this.bytes;
    const p = this.pos;
    const i = p >>> 3;
    // Place the value in a 32-bit window starting at byte i, then OR the window's 4 bytes in.
    const w = value << (32 - (p & 7) - n);
    b[i]! |= w >>> 24;
    b[i + 1]! |= w >>> 16;
    b[i + 2]! |= w >>> 8;
    b[i + 3]! |= w;
    this.pos = p + n;
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

  /** Copies `n` bits of base64url text `src` from its absolute bit `from`, 18 at a time. */
  copyBits(src: string, from: number, n: number): void {
    this.ensure(n);
    let left = n;
    let p = from;
    while (left > 0) {
      const take = left < 18 ? left : 18;
      this.u(readBits(src, p, take), take);
      p += take;
      left -= take;
    }
  }

  /** Moves the cursor `n` bits on, leaving them zero. */
  skip(n: number): void {
    this.ensure(n);
    this.pos += n;
  }

  /** Sets `count` bits from absolute bit `from`: partial bytes bit by bit, whole bytes at once. */
  private fill(from: number, count: number): void {
    const b = this.bytes;
    let p = from;
    const stop = from + count;
    if (count < 16) {
      // Short runs (most of them): bit by bit, no alignment work.
      for (; p < stop; p++) b[p >>> 3]! |= 0x80 >> (p & 7);
      return;
    }
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
    const text = packSextets(this.bytes, bits >>> 3);
    if (this.bytes.length <= 16384) {
      this.bytes.fill(0, 0, (bits >>> 3) + 4);
      spare = this.bytes;
    }
    return text;
  }
}
