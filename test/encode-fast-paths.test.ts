import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, encode, IdSet, isTCStringError, type TCModelInput } from '../src/index.js';

// The shortcuts encode takes for a decoded value or its JSON form (copied base64url text, no
// per-key checks), each held to the result of the long way.
const STRINGS = (JSON.parse(readFileSync(new URL('../bench/strings.json', import.meta.url), 'utf8')) as { strings: Record<string, string> }).strings;

describe('encode: decoded bitfields copied as text', () => {
  it('re-encodes every bench string byte for byte, from the value and from its JSON form', () => {
    for (const s of Object.values(STRINGS)) {
      const tc = decode(s);
      expect(encode(tc)).toBe(s);
      expect(encode(JSON.parse(JSON.stringify(tc)) as TCModelInput)).toBe(s);
    }
  });

  it("writes '-' and '_' for a lenient source's '+' and '/'", () => {
    for (const s of Object.values(STRINGS)) {
      const standard = s.replace(/-/g, '+').replace(/_/g, '/');
      expect(encode(decode(standard, { lenient: true }))).toBe(s);
    }
  });

  it('copies bit by bit where the text is not aligned (an earlier field changed width)', () => {
    const tc = decode(STRINGS.typical!);
    // Vendor consents as a short bitfield: the LI bitfield after it lands elsewhere in a character.
    for (const vendorConsents of [[1], [1, 2, 3], [7, 9, 11, 13], [1, 2, 3, 4, 5]]) {
      const changed = { ...tc, vendorConsents };
      const viaJson = JSON.parse(JSON.stringify(changed)) as TCModelInput;
      expect(encode(changed)).toBe(encode(viaJson));
      expect(decode(encode(changed)).vendorLegitimateInterests.toArray()).toEqual(tc.vendorLegitimateInterests.toArray());
    }
  });

  it('never copies text that is not base64url from a forged set', () => {
    const tc = decode(STRINGS.typical!);
    // Offset 2 is where core vendor consents are read, so the text would be aligned.
    const forged = new IdSet('!'.repeat(200), 2, 800, null, 800, 0);
    const s = encode({ ...tc, vendorConsents: forged });
    expect(s).toMatch(/^[\w.-]+$/);
    expect(decode(s).vendorConsents._bits).toBe(800);
  });
});

describe('encode: key checks', () => {
  it('reads a model with its keys in another order, or only some of them, the same way', () => {
    const tc = decode(STRINGS.allSegments!);
    const json = JSON.parse(JSON.stringify(tc)) as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(json).reverse()) as unknown as TCModelInput;
    expect(encode(reversed)).toBe(STRINGS.allSegments);
    const { cmpVersion: _, ...fewer } = json;
    expect(decode(encode(fewer as unknown as TCModelInput)).cmpVersion).toBe(0);
  });

  it('refuses an unknown key after a model of the same shape was encoded', () => {
    const tc = decode(STRINGS.small!);
    expect(encode(tc)).toBe(STRINGS.small);
    const { vendorConsents, ...rest } = tc;
    let caught: unknown;
    try {
      encode({ ...rest, vendorConsent: vendorConsents } as never);
    } catch (error) {
      caught = error;
    }
    expect(isTCStringError(caught) && caught.field).toBe('vendorConsent');
  });

  it('never reads an inherited field, whatever the model shape', () => {
    const json = JSON.parse(JSON.stringify(decode(STRINGS.small!))) as Record<string, unknown>;
    const { cmpId: _, ...rest } = json;
    const model = Object.assign(Object.create({ cmpId: 77 }) as object, rest) as unknown as TCModelInput;
    expect(decode(encode(model)).cmpId).toBe(0);
  });

  it('reads own enumerable fields only (as Object.keys and JSON see a model)', () => {
    const json = JSON.parse(JSON.stringify(decode(STRINGS.small!))) as Record<string, unknown>;
    const { cmpId: _, ...rest } = json;
    Object.defineProperty(rest, 'cmpId', { value: 77, enumerable: false });
    expect(decode(encode(rest as unknown as TCModelInput)).cmpId).toBe(0);
  });
});

describe('encode: results do not hold on to their source', () => {
  // Found in review: a copied bitfield was a V8 slice of the decoded input, and the result kept
  // the whole input alive: 2,000 results of 300 characters held 2,000 inputs of 11 KB (27 MB).
  it('2,000 short results of 11 KB inputs retain about what 2,000 short strings do', () => {
    const script = `
      import { decode, encode } from './dist/index.js';
      const core = decode(${JSON.stringify(STRINGS.typical)});
      // Every other vendor up to 60,000: too many runs for range entries, so a 10 KB bitfield.
      const disclosed = Array.from({ length: 30000 }, (_, k) => 2 * k + 1);
      const results = [];
      let inputLength = 0;
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 2000; i++) {
        // A distinct 11 KB input each time; the result keeps its core, whose bitfields are copied.
        const big = encode({ ...core, cmpId: i, vendorsDisclosed: disclosed }, { segments: ['core', 'vendorsDisclosed'] });
        inputLength = big.length;
        results.push(encode(decode(big), { segments: ['core'] }));
      }
      gc();
      console.log(JSON.stringify({ bytes: process.memoryUsage().heapUsed - before, length: results[0].length, input: inputLength }));
    `;
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
    const { bytes, length, input } = JSON.parse(out) as { bytes: number; length: number; input: number };
    expect(length).toBeGreaterThan(200);
    expect(input).toBeGreaterThan(10_000);
    // Each result is a few hundred bytes; holding its 11 KB input would be over 22 MB.
    expect(bytes).toBeLessThan(6_000_000);
  });
});

describe("encode: the writer's shared buffer", () => {
  // Review gap: a writer takes a zeroed buffer kept between encodes. An encode that throws
  // midway, or one that runs inside another (from a model's iterator), must not leave bits behind.
  it('an encode that throws midway leaves nothing for the next one', () => {
    for (const s of Object.values(STRINGS)) {
      const json = JSON.parse(JSON.stringify(decode(s))) as Record<string, unknown>;
      // Written after the header and both vendor vectors: fails with bits already in the buffer.
      expect(() => encode({ ...json, publisherRestrictions: [{ purposeId: 0, restrictionType: 0, vendorIds: [1] }] } as unknown as TCModelInput)).toThrow();
      expect(encode(json as unknown as TCModelInput)).toBe(s);
    }
  });

  it('an encode run from inside another (a vendor iterator) gives both strings right', () => {
    const inner = decode(STRINGS.allSegments!);
    const outer = decode(STRINGS.typical!);
    let nested = '';
    const ids = outer.vendorLegitimateInterests.toArray();
    const iterable = {
      [Symbol.iterator]() {
        let i = 0;
        return {
          next() {
            if (i === 0) nested = encode(inner);
            return i < ids.length ? { done: false, value: ids[i++] } : { done: true, value: undefined };
          },
        };
      },
    };
    const json = JSON.parse(JSON.stringify(outer)) as Record<string, unknown>;
    expect(encode({ ...json, vendorLegitimateInterests: iterable } as unknown as TCModelInput)).toBe(encode(json as unknown as TCModelInput));
    expect(nested).toBe(STRINGS.allSegments);
  });
});
