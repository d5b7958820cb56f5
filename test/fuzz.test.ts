/**
 * The fuzz properties of test/fuzz-properties.ts, briefly (a few seconds in CI). `npm run fuzz`
 * (scripts/fuzz.ts) runs the same properties for a million cases or more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, TCStringError } from '../src/index.js';
import { checkDecodeError, checkDecodeString, exhaustiveCases, PROPERTIES, PropertyViolation, SEED_VECTORS } from './fuzz-properties.js';

/** Cases per property in CI; FUZZ_CI_RUNS raises it locally. */
const RUNS = Number(process.env.FUZZ_CI_RUNS ?? 400);

describe('fuzz properties (CI-sized)', () => {
  for (const p of PROPERTIES) {
    it(`${p.name}: ${p.summary}`, () => {
      fc.assert(fc.property(p.arbitrary, (input) => p.check(input)), { numRuns: RUNS * p.weight });
    });
  }

  it('truncation at every position and deletion of every character of every seed', () => {
    const cases = exhaustiveCases();
    expect(cases.length).toBeGreaterThan(2000);
    for (const s of cases) checkDecodeString(s);
  });
});

describe('the fuzz checks can fail', () => {
  // A check that never throws proves nothing: feed it what a broken decoder would do.
  it('rejects an engine error, a foreign code and out-of-bounds positions', () => {
    const s = SEED_VECTORS[0]!;
    expect(() => checkDecodeError(new TypeError('x is undefined'), s, false)).toThrow(PropertyViolation);
    let real: unknown;
    try {
      decode(s.slice(0, 40));
    } catch (e) {
      real = e;
    }
    expect(() => checkDecodeError(real, s.slice(0, 40), false)).not.toThrow();
    const r = real as TCStringError;
    const forge = (patch: Record<string, unknown>) =>
      Object.assign(new TCStringError(r.code, r.message, { segment: r.segment, field: r.field, bitOffset: r.bitOffset, charIndex: r.charIndex }), patch);
    expect(() => checkDecodeError(forge({ code: 'OOPS' }), s.slice(0, 40), false)).toThrow(/not in the union/);
    expect(() => checkDecodeError(forge({ charIndex: 41 }), s.slice(0, 40), false)).toThrow(/past the input/);
    expect(() => checkDecodeError(forge({ bitOffset: 400 }), s.slice(0, 40), false)).toThrow(/locate a segment start|past the segment/);
  });
});
