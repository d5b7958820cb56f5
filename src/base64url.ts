/** The base64url alphabet; a character's index is its 6-bit value. */
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let values: Int8Array | undefined;

/** Char code (< 128) to 6-bit value, -1 for characters outside the alphabet. Built on first use. */
export function sextetTable(): Int8Array {
  if (values === undefined) {
    values = new Int8Array(128).fill(-1);
    for (let i = 0; i < 64; i++) values[ALPHABET.charCodeAt(i)] = i;
  }
  return values;
}

/**
 * Unpacks `s[start..end)` into `out` from byte `at` on, 6 bits per character, MSB first.
 * Returns -1 on success, or the index in `s` of the first character outside the alphabet.
 * `out` must have `ceil((end - start) * 6 / 8)` bytes free from `at`, and be zeroed there.
 */
export function unpackSextets(s: string, start: number, end: number, out: Uint8Array, at: number): number {
  const table = sextetTable();
  let i = start;
  let o = at;
  // Four characters make three bytes: the common case, without a loop over bits.
  for (const stop = end - 3; i < stop; i += 4) {
    const a = table[s.charCodeAt(i) & 127]!;
    const b = table[s.charCodeAt(i + 1) & 127]!;
    const c = table[s.charCodeAt(i + 2) & 127]!;
    const d = table[s.charCodeAt(i + 3) & 127]!;
    // `& 127` folds codes >= 128 onto ASCII, so check the raw codes only when a value looks bad.
    if ((a | b | c | d) < 0 || (s.charCodeAt(i) | s.charCodeAt(i + 1) | s.charCodeAt(i + 2) | s.charCodeAt(i + 3)) > 127) {
      return firstBad(s, i, i + 4, table);
    }
    out[o] = (a << 2) | (b >> 4);
    out[o + 1] = ((b & 15) << 4) | (c >> 2);
    out[o + 2] = ((c & 3) << 6) | d;
    o += 3;
  }
  let acc = 0;
  let bits = 0;
  for (; i < end; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? table[code]! : -1;
    if (v < 0) return i;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  if (bits > 0) out[o] = (acc << (8 - bits)) & 255;
  return -1;
}

function firstBad(s: string, from: number, to: number, table: Int8Array): number {
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i);
    if (code >= 128 || table[code]! < 0) return i;
  }
  return from;
}

/** Packs `bytes[0..length)` (length a multiple of 3) as base64url characters. */
export function packSextets(bytes: Uint8Array, length: number): string {
  let out = '';
  const chunk = new Uint8Array(Math.min(8192, (length / 3) * 4));
  let n = 0;
  for (let i = 0; i < length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk[n] = ALPHABET.charCodeAt(v >>> 18);
    chunk[n + 1] = ALPHABET.charCodeAt((v >>> 12) & 63);
    chunk[n + 2] = ALPHABET.charCodeAt((v >>> 6) & 63);
    chunk[n + 3] = ALPHABET.charCodeAt(v & 63);
    n += 4;
    if (n === chunk.length) {
      out += String.fromCharCode.apply(null, chunk as unknown as number[]);
      n = 0;
    }
  }
  if (n > 0) out += String.fromCharCode.apply(null, chunk.subarray(0, n) as unknown as number[]);
  return out;
}
