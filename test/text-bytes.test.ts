import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstBad, textBytes } from '../src/base64url.js';
import { bitMap, decode, isTCStringError, type TCModel } from '../src/index.js';
import { hostileRestrictions } from './hostile-inputs.js';

// decode reads the text's character codes from a byte buffer shared between calls (TextEncoder
// fills it), after checking them four at a time. These tests hold that layer to the plain
// definition: a string's characters, its first bad character, and results that never depend on
// what an earlier call left in the buffer.
const STRINGS = (JSON.parse(readFileSync(new URL('../bench/strings.json', import.meta.url), 'utf8')) as { strings: Record<string, string> }).strings;
const ALLOWED = /[A-Za-z0-9_.-]/;

/** The reading of `decode`'s result that the tests compare: its JSON form. */
const view = (tc: TCModel): string => JSON.stringify(tc);

function errorOf(f: () => unknown): { code: string; charIndex: number | null; message: string } {
  try {
    f();
  } catch (e) {
    if (isTCStringError(e)) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('textBytes and firstBad', () => {
  it('copies ASCII text byte for byte, with room for a read window past its end, and finds the first bad character', () => {
    const samples = ['', 'A', 'CQgY.IAUE', 'ab*cd', 'abcd*', '*', 'abcdefgh é', 'x\u{1F600}y', '\uD800', 'AAAA AAAA', 'a+b/c=', 'ABC\u0100'];
    for (const s of samples) {
      const b = textBytes(s, 0, s.length, true);
      let expected = -1;
      for (let i = 0; i < s.length; i++) {
        if (!ALLOWED.test(s[i]!)) {
          expected = i;
          break;
        }
        expect(b[i], `${JSON.stringify(s)} byte ${i}`).toBe(s.charCodeAt(i));
      }
      expect(firstBad(b, s.length), JSON.stringify(s)).toBe(expected);
      expect(b.length).toBeGreaterThanOrEqual(s.length + 8);
    }
  });

  it('reuses the shared buffer only when it has room for a read window 6 bytes past the text', () => {
    const first = textBytes('x'.repeat(100), 0, 100, false);
    for (const n of [first.length - 9, first.length - 8, first.length - 7, first.length - 5, first.length - 4]) {
      expect(textBytes('A'.repeat(n), 0, n, false).length, `${n} characters`).toBeGreaterThanOrEqual(n + 8);
    }
  });

  it('copies only lo..hi when asked, at the same indexes', () => {
    const s = '\u00a0 CQgY \u2028';
    const b = textBytes(s, 2, 6, true);
    expect(String.fromCharCode(...b.subarray(2, 6))).toBe('CQgY');
  });
});

describe('decode over the shared byte buffer', () => {
  it('gives each string the same result whatever was decoded before it (longer, shorter, invalid)', () => {
    const names = Object.keys(STRINGS);
    const alone = new Map(names.map((n) => [n, view(decode(STRINGS[n]!))]));
    // Every order of two, with a failing decode in between that leaves other bytes behind.
    for (const a of names) {
      for (const b of names) {
        decode(STRINGS[a]!);
        expect(() => decode(`${STRINGS[a]!.slice(0, 40)}*${'z'.repeat(500)}`)).toThrow();
        expect(view(decode(STRINGS[b]!)), `${b} after ${a}`).toBe(alone.get(b));
      }
    }
  });

  it('reports the first character past ASCII at its own index, wherever it is', () => {
    const s = STRINGS.typical!;
    for (const bad of ['é', '\u{1F600}', '\uDC00', '\u0100', '\u00ff', '*', ' ']) {
      for (const at of [0, 1, 3, 4, 5, 100, s.length - 2, s.length - 1, s.length]) {
        const input = s.slice(0, at) + bad + s.slice(at);
        const e = errorOf(() => decode(input));
        expect(e.code, `${JSON.stringify(bad)} at ${at}`).toBe('INVALID_CHARACTER');
        expect(e.charIndex).toBe(at);
        expect(e.message).toContain(`${JSON.stringify(bad[0])} at index ${at}`);
      }
    }
  });

  it('decodes input over 64 KB (a buffer of its own) and then small input (the shared one) alike', () => {
    const small = view(decode(STRINGS.small!));
    const huge = hostileRestrictions(4, 4095);
    expect(huge.length).toBeGreaterThan(65536);
    const tc = decode(huge, { maxLength: 1e6 });
    expect(tc.publisherRestrictions.map((r) => [r.vendorIds.size, r.vendorIds.max])).toEqual(Array(4).fill([65535, 65535]));
    expect(view(decode(STRINGS.small!))).toBe(small);
    // Its check reads the buffer of its own, not the shared one.
    for (const at of [1, 2, 5, 7, 100, 4000, 70001, huge.length - 2, huge.length - 1]) {
      const bad = `${huge.slice(0, at)}!${huge.slice(at + 1)}`;
      expect(errorOf(() => decode(bad, { maxLength: 1e6 })), `'!' at ${at}`).toMatchObject({ code: 'INVALID_CHARACTER', charIndex: at });
    }
  });
});

describe('without TextEncoder.encodeInto (older runtimes, polyfills)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  /** decode and bitMap from a fresh instance of the package, which has not yet looked for TextEncoder. */
  async function freshPackage(): Promise<typeof import('../src/index.js')> {
    vi.resetModules();
    const fresh = (await import('../src/index.js')) as typeof import('../src/index.js');
    expect(fresh.decode).not.toBe(decode);
    return fresh;
  }

  const encoders: [string, unknown][] = [
    ['no TextEncoder', undefined],
    ['a TextEncoder with encode only (Safari 13.1-14.0)', class {
      encode(): Uint8Array {
        throw new Error('not used');
      }
    }],
  ];
  it.each(encoders)('%s: decodes the same values and finds the same bad characters', async (_name, stub) => {
    vi.stubGlobal('TextEncoder', stub);
    const fresh = await freshPackage();
    for (const s of Object.values(STRINGS)) {
      expect(view(fresh.decode(s))).toBe(view(decode(s)));
      expect(view(fresh.decode(` ${s}\n`, { lenient: true }))).toBe(view(decode(s)));
      expect(fresh.bitMap(s)).toEqual(bitMap(s));
    }
    for (const input of ['CQgYé', `${STRINGS.small!}\u{1F600}`, 'CQ\u0141gY']) {
      const e = errorOf(() => fresh.decode(input));
      const ref = errorOf(() => decode(input));
      expect(e.code).toBe('INVALID_CHARACTER');
      expect(e.charIndex).toBe(ref.charIndex);
    }
  });

  it('gives INPUT_TOO_LONG, not a RangeError, when there is no memory for the copy of a long input', async () => {
    const Real = Uint8Array;
    vi.stubGlobal('Uint8Array', class extends Real {
      constructor(n: number) {
        if (n > 1_000_000) throw new RangeError('Array buffer allocation failed');
        super(n);
      }
    });
    const fresh = await freshPackage();
    const e = errorOf(() => fresh.decode('C'.repeat(2_000_000), { maxLength: 1e7 }));
    expect(e.code).toBe('INPUT_TOO_LONG');
    expect(e.message).toContain('no memory');
  });
});
