import { packSextets, readBits } from './base64url.js';

/** A character that is not base64url. */
const NOT_SEXTET = /[^\w-]/;

/**
 * A zeroed buffer kept between encodes: allocating a typed array costs more than encoding a
 * typical segment. A writer takes it if it is free (so a re-entrant encode, from a user's
 * iterable, gets its own) and gives it back zeroed from `finish`.
 */
let spare: Uint8Array | null = null;

/** Writes MSB-first unsigned integers by OR-ing them into a zeroed buffer that grows by doubling. */
export class BitWriter {
  bytes: Uint8Array;
  /** Bits in `bytes`, after those in `text`: a multiple of 6 bits, copied or packed (copyBits). */
  pos = 0;
  text = '';
  /** Whether `text` holds a slice of a source string (copyBits). */
  sliced = false;

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

  /** Writes an `n`-bit field whose bit k flags id k+1, from sorted runs `[start, end, …]`. */
  flags(runs: readonly number[], n: number): void {
    this.ensure(n);
    const at = this.pos;
    for (let i = 0; i < runs.length; i += 2) this.fill(at + runs[i]! - 1, runs[i + 1]! - runs[i]! + 1);
    this.pos = at + n;
  }

  /**
   * Copies `n` bits of base64url text `src` from its absolute bit `from`. When they sit where the
   * writer's would in a character (a decoded bitfield written back where it was read), the whole
   * characters between are taken as text, not bit by bit.
   */
  copyBits(src: string, from: number, n: number): void {
    // Bits to the writer's next character boundary, where the source is too when aligned.
    const head = (6 - (this.pos % 6)) % 6;
    const at = (from + head) / 6;
    const chars = ((n - head) / 6) | 0;
    const text = chars > 7 && at % 1 === 0 ? src.substring(at, at + chars) : '';
    // Lenient decoding lets '+' and '/' into a source: only base64url text is taken as it is.
    if (text !== '' && !NOT_SEXTET.test(text)) {
      this.u(readBits(src, from, head), head);
      this.flush();
      this.text += text;
      this.sliced = true;
      from = (at + chars) * 6;
      n -= head + chars * 6;
    }
    while (n > 0) {
      const take = n < 18 ? n : 18;
      this.u(readBits(src, from, take), take);
      from += take;
      n -= take;
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

  /** Moves the buffer's bits, whole characters, to `text`, and zeroes them. */
  private flush(): void {
    const bytes = Math.ceil(this.pos / 24) * 3;
    this.text += packSextets(this.bytes, bytes).slice(0, this.pos / 6);
    this.bytes.fill(0, 0, bytes);
    this.pos = 0;
  }

  /** Pads with zeros to a multiple of 24 bits, as the reference does, and returns base64url. */
  finish(): string {
    // `text` holds whole characters, so the buffer's bits count from a character boundary.
    this.skip((24 - ((this.text.length * 6 + this.pos) % 24)) % 24);
    this.flush();
    if (this.bytes.length <= 16384) spare = this.bytes;
    // A copied bitfield is a slice of the decoded input, which V8 keeps whole while the slice
    // lives: a 300-character result could hold an 11 KB input. Slicing a concatenation makes V8
    // copy the characters into a new string first, which lets the input go.
    return this.sliced ? (' ' + this.text).slice(1) : this.text;
  }
}
