/** The base64url alphabet; a character's index is its 6-bit value. */
export const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Char code (< 128) to 6-bit value; -1 for characters outside the alphabet. */
export const SEXTETS: Int8Array = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1);
  // A–Z = 0–25, a–z = 26–51, 0–9 = 52–61, '-' = 62, '_' = 63.
  for (let c = 0; c < 26; c++) {
    table[65 + c] = c;
    table[97 + c] = 26 + c;
  }
  for (let c = 0; c < 10; c++) table[48 + c] = 52 + c;
  table[45] = 62;
  table[95] = 63;
  // Standard base64's '+' and '/': only lenient decoding lets them through its check.
  table[43] = 62;
  table[47] = 63;
  return table;
})();

/** Matches the first character that is neither base64url nor a segment dot. */
export const NOT_BASE64URL = /[^A-Za-z0-9_.-]/;

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
  // `& 63` turns what lies past the segment (a dot: -1) into bits that the shift drops anyway.
  const w =
    (SEXTETS[s.charCodeAt(i)]! << 18) |
    ((SEXTETS[s.charCodeAt(i + 1)]! & 63) << 12) |
    ((SEXTETS[s.charCodeAt(i + 2)]! & 63) << 6) |
    (SEXTETS[s.charCodeAt(i + 3)]! & 63);
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
