import { VALUES } from './base64url.js';

/**
 * An immutable set of positive integer ids (vendors, purposes, special features).
 *
 * Decoded sets never copy the string: a bitfield is a view into the base64url text itself (`has`
 * is one character lookup and a bit test) and a range vector is a sorted list of disjoint runs
 * (`has` is a binary search). A range is never expanded id by id, so memory follows the input's
 * length, not the ranges' widths.
 */
export class IdSet implements Iterable<number> {
  /** @internal The validated base64url text holding the bitfield, or null for the run form. */
  readonly _src: string | null;
  /** @internal Absolute bit offset in `_src` of the flag for id 1 (character i holds bits 6i..6i+5). */
  readonly _offset: number;
  /** @internal Number of bitfield bits (ids 1.._bits); 0 in the run form. */
  readonly _bits: number;
  /** @internal Sorted, disjoint, non-adjacent runs `[start0, end0, start1, end1, …]`; null for a bitfield. */
  readonly _runs: readonly number[] | null;
  /**
   * @internal How a vendor vector was written, for a lossless re-encode: its declared MaxVendorId,
   * and 0 for a bitfield or 1 for range encoding. -1 when the set was not read from a vendor vector.
   */
  readonly _maxVendorId: number;
  /** @internal See `_maxVendorId`. */
  readonly _rangeEncoding: number;

  /** @internal Use the package's decoders and encoders; the constructor's shape is not public. */
  constructor(
    src: string | null,
    offset: number,
    bits: number,
    runs: readonly number[] | null,
    maxVendorId = -1,
    rangeEncoding = -1,
  ) {
    this._src = src;
    this._offset = offset;
    this._bits = bits;
    this._runs = runs;
    this._maxVendorId = maxVendorId;
    this._rangeEncoding = rangeEncoding;
  }

  /** Whether `id` is in the set. Anything but a positive integer is not. */
  has(id: number): boolean {
    const runs = this._runs;
    // `== null`: a set built with `new IdSet()` by hand (no fields) is empty, not a TypeError.
    if (runs == null) {
      // `id - 1 >>> 0` is below `_bits` only for integers 1.._bits (NaN and fractions fail `=== id`).
      if (!((id - 1) >>> 0 < this._bits && (id | 0) === id)) return false;
      const p = this._offset + id - 1;
      const i = (p / 6) | 0;
      return ((VALUES[this._src!.charCodeAt(i)]! >> (5 - (p - i * 6))) & 1) === 1;
    }
    // Binary search for the last run starting at or before id.
    let lo = 0;
    let hi = (runs.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid << 1]! > id) hi = mid - 1;
      else if (runs[(mid << 1) + 1]! < id) lo = mid + 1;
      else return (id | 0) === id;
    }
    return false;
  }

  /** Number of ids in the set. */
  get size(): number {
    let n = 0;
    this.forEachRun((s, e) => {
      n += e - s + 1;
    });
    return n;
  }

  /** The largest id in the set, 0 when it is empty. */
  get max(): number {
    let m = 0;
    this.forEachRun((_s, e) => {
      m = e;
    });
    return m;
  }

  /** Calls `fn(start, end)` for each maximal run of consecutive ids, in ascending order. */
  forEachRun(fn: (start: number, end: number) => void): void {
    const runs = this._runs;
    if (runs != null) {
      for (let i = 0; i < runs.length; i += 2) fn(runs[i]!, runs[i + 1]!);
      return;
    }
    const src = this._src!;
    const bits = this._bits;
    let start = 0;
    for (let id = 1, p = this._offset; id <= bits; id++, p++) {
      const i = (p / 6) | 0;
      const v = VALUES[src.charCodeAt(i)]!;
      // A character of six clear flags outside a run (sparse bitfields): skip it whole.
      if (v === 0 && start === 0 && p === i * 6 && id + 5 <= bits) {
        id += 5;
        p += 5;
      } else if ((v >> (5 - p + i * 6)) & 1) {
        if (start === 0) start = id;
      } else if (start !== 0) {
        fn(start, id - 1);
        start = 0;
      }
    }
    if (start !== 0) fn(start, bits);
  }

  /** The ids in ascending order. */
  toArray(): number[] {
    const out: number[] = [];
    this.forEachRun((s, e) => {
      for (let id = s; id <= e; id++) out.push(id);
    });
    return out;
  }

  /** The JSON form of a set: its ids, ascending. */
  toJSON(): number[] {
    return this.toArray();
  }

  [Symbol.iterator](): Iterator<number> {
    return this.toArray()[Symbol.iterator]();
  }
}

/** Reused by normalizeRuns: the largest end seen for each start id (0 = none). Zeroed after use. */
let ends: Int32Array | undefined;
/** Reused by normalizeRuns: a bit per start id that has an end in `ends`. Zeroed after use. */
let starts: Uint32Array | undefined;

/** Sorts `[start, end, …]` pairs and merges overlapping or adjacent runs; in place when in order. */
export function normalizeRuns(runs: number[]): number[] {
  let ordered = true;
  for (let i = 2; i < runs.length && ordered; i += 2) ordered = runs[i]! > runs[i - 1]! + 1;
  if (ordered) return runs;
  const out: number[] = [];
  const push = (s: number, e: number) => {
    const last = out.length - 1;
    if (last > 0 && s <= out[last]! + 1) {
      if (e > out[last]!) out[last] = e;
    } else out.push(s, e);
  };
  if (runs.length >= 2048) {
    // Many entries (hostile strings repeat thousands): bucket them by start id, then visit the
    // starts in order through a bitmap, 32 ids a word: linear, where a sort would not be.
    const by = (ends ??= new Int32Array(65536));
    const seen = (starts ??= new Uint32Array(2048));
    let lo = 2047;
    let hi = 0;
    for (let i = 0; i < runs.length; i += 2) {
      const s = runs[i]!;
      if (runs[i + 1]! > by[s]!) by[s] = runs[i + 1]!;
      const w = s >>> 5;
      seen[w]! |= 1 << (s & 31);
      if (w < lo) lo = w;
      if (w > hi) hi = w;
    }
    for (let w = lo; w <= hi; w++) {
      let bits = seen[w]!;
      if (bits === 0) continue;
      seen[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const s = (w << 5) | (31 - Math.clz32(low));
        push(s, by[s]!);
        by[s] = 0;
      }
    }
    return out;
  }
  // Sort packed keys in a typed array: numeric, no comparator, no pair objects. Ids fit 16 bits;
  // the halves come back out as small integers, never as doubles: one double pushed into `out`
  // would make V8 allocate every later array of this site (and every decoded run list) with
  // double elements, and transition the other run lists to match wherever both are read.
  const keys = new Uint32Array(runs.length / 2);
  for (let i = 0; i < runs.length; i += 2) keys[i / 2] = (runs[i]! << 16) | runs[i + 1]!;
  keys.sort();
  for (let k = 0; k < keys.length; k++) push(keys[k]! >>> 16, keys[k]! & 0xffff);
  return out;
}
