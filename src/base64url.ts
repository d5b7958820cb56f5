import { TCStringError } from './errors.js';

/** The base64url alphabet; a character's index is its 6-bit value. */
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Byte (or char code) to 6-bit value, for reading text already checked: 0 for anything outside
 * the alphabet, never negative, so that a read window which runs past its field, into a dot or
 * past the text, only adds bits that the read shifts out. '+' and '/' read as standard base64's
 * 62 and 63: only lenient decoding lets them through its check.
 */
export const VALUES: Uint8Array = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256);
  for (let i = 0; i < 64; i++) table[ALPHABET.charCodeAt(i)] = i;
  table[43] = 62;
  table[47] = 63;
  return table;
})();

/** The buffer `textBytes` writes into, kept for text of up to 64K characters. */
let shared: Uint8Array | null = null;
/** `shared` as 16-bit words, for `firstBad`. */
let sharedWords: Uint16Array | null = null;
/** The one method of the web's TextEncoder used here (the library compiles without DOM types). */
interface Encoder {
  encodeInto?: (text: string, into: Uint8Array) => unknown;
}
declare const TextEncoder: (new () => Encoder) | undefined;
/** A TextEncoder that has encodeInto (Safari before 14.1 and some polyfills lack it), or null. */
let encoder: Encoder | null | undefined;

/**
 * The characters `lo..hi` of `s` as bytes at the same indexes, in a buffer at least 8 bytes
 * longer: a read window of four characters reaches at most 6 bytes past `hi` (what it finds there
 * is shifted out of every read). Up to the first character past ASCII, byte i is character i;
 * that character's first byte is at its own index, and is 128 or more.
 * TextEncoder copies ASCII at about a tenth of a nanosecond per character, a charCodeAt loop at
 * about two. The buffer is shared by every call unless `fresh`: a result is good until the next.
 * @throws {TCStringError} INPUT_TOO_LONG when there is no memory for the copy (a raised maxLength).
 */
export function textBytes(s: string, lo: number, hi: number, fresh: boolean): Uint8Array {
  let b = shared;
  if (fresh || b === null || b.length < hi + 8) {
    b = allocate(hi);
    if (!fresh && hi <= 65536) {
      shared = b;
      sharedWords = new Uint16Array(b.buffer);
    }
  }
  if (encoder === undefined) {
    const e = typeof TextEncoder === 'function' ? new TextEncoder() : null;
    encoder = typeof e?.encodeInto === 'function' ? e : null;
  }
  if (lo === 0 && encoder !== null) encoder.encodeInto!(s, b);
  else for (let i = lo; i < hi; i++) b[i] = Math.min(s.charCodeAt(i), 128);
  return b;
}

/** A buffer for `chars` characters and the read windows past them, of an even length (for `firstBad`'s words). */
function allocate(chars: number): Uint8Array {
  try {
    return new Uint8Array((chars + 65) & ~1);
  } catch {
    throw new TCStringError('INPUT_TOO_LONG', `no memory to copy ${chars} characters`);
  }
}

/**
 * Two bytes, in either order, to 1 unless both are base64url or dots: the strict check, two
 * characters per lookup, which checks text about three times as fast as a table of single bytes
 * (and a regular expression). 64 KB, made at the first check.
 */
let pairs: Uint8Array | null = null;

function pairTable(): Uint8Array {
  const table = new Uint8Array(65536).fill(1);
  const chars = ALPHABET + '.';
  for (let i = 0; i < 65; i++) for (let j = 0; j < 65; j++) table[(chars.charCodeAt(i) << 8) | chars.charCodeAt(j)] = 0;
  return table;
}

/** The index of the first of bytes `0..n` of a `textBytes` result that is neither base64url nor a dot, or -1. */
export function firstBad(b: Uint8Array, n: number): number {
  const table = pairs ?? (pairs = pairTable());
  const words = b === shared ? sharedWords! : new Uint16Array(b.buffer, 0, n >> 1);
  const half = n >> 1;
  let k = 0;
  while (k + 2 <= half && (table[words[k]!]! | table[words[k + 1]!]!) === 0) k += 2;
  // Then byte by byte from the pairs that failed, or over the last zero to three bytes: each
  // looked up paired with 'A' (65).
  for (let i = k * 2; i < n; i++) if (table[b[i]! | 0x4100] !== 0) return i;
  return -1;
}

/**
 * Reads `n` (1..18) bits at absolute bit `p` from bytes made by `textBytes`:
 * one 24-bit window of four characters, no loop, no check. The caller has checked that the bits
 * exist.
 */
export function readByteBits(b: Uint8Array, p: number, n: number): number {
  const i = (p / 6) | 0;
  const w = (VALUES[b[i]!]! << 18) | (VALUES[b[i + 1]!]! << 12) | (VALUES[b[i + 2]!]! << 6) | VALUES[b[i + 3]!]!;
  return (w >> (24 - (p - i * 6) - n)) & ((1 << n) - 1);
}

/**
 * The lenient check: also lets through standard base64's '+' and '/', and '=' padding at the
 * end of a segment (an '=' followed by anything but '=' or '.' matches). Linear: no backtracking.
 */
export const LENIENT_BAD = /[^\w.+/=-]|=(?=[^=.])/;

/**
 * Reads `n` (1..18) bits starting at absolute bit `p` of `s`, where character i holds bits
 * [6i, 6i + 6) MSB first: one 24-bit window of four characters, no loop. The caller has checked
 * that the bits exist.
 */
export function readBits(s: string, p: number, n: number): number {
  const i = (p / 6) | 0;
  // Near the end of the string, read a copy padded with zero bits (which the shift drops): one
  // charCodeAt past the end would make V8 stop inlining charCodeAt at every read, for good.
  if (i + 3 >= s.length) return readBits(s.slice(i) + 'AAA', p % 6, n);
  const w =
    (VALUES[s.charCodeAt(i)]! << 18) | (VALUES[s.charCodeAt(i + 1)]! << 12) | (VALUES[s.charCodeAt(i + 2)]! << 6) | VALUES[s.charCodeAt(i + 3)]!;
  return (w >> (24 - (p - i * 6) - n)) & ((1 << n) - 1);
}

/** Packs `bytes[0..length)` (length a multiple of 3) as base64url characters. */
export function packSextets(bytes: Uint8Array, length: number): string {
  let out = '';
  const chunk: number[] = [];
  for (let i = 0; i < length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk.push(
      ALPHABET.charCodeAt(v >>> 18),
      ALPHABET.charCodeAt((v >>> 12) & 63),
      ALPHABET.charCodeAt((v >>> 6) & 63),
      ALPHABET.charCodeAt(v & 63),
    );
    // fromCharCode.apply takes its arguments on the stack: flush in bounded chunks.
    if (chunk.length >= 8192) {
      out += String.fromCharCode.apply(null, chunk);
      chunk.length = 0;
    }
  }
  return chunk.length > 0 ? out + String.fromCharCode.apply(null, chunk) : out;
}
