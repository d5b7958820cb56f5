import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSet, normalizeRuns } from '../src/id-set.js';

/** The slow, obvious merge: mark every id, then read the runs back. */
function naive(runs: number[]): number[] {
  const marked = new Uint8Array(65537);
  for (let i = 0; i < runs.length; i += 2) for (let id = runs[i]!; id <= runs[i + 1]!; id++) marked[id] = 1;
  const out: number[] = [];
  for (let id = 1; id <= 65535; id++) {
    if (marked[id] && !marked[id - 1]) out.push(id);
    if (marked[id] && !marked[id + 1]) out.push(id);
  }
  return out;
}

const pair = fc
  .tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 300 }))
  .map(([s, len]) => [s, Math.min(65535, s + len)] as const);

describe('normalizeRuns', () => {
  it('merges unsorted, overlapping, adjacent and duplicate pairs like the obvious merge (sort path)', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 200 }), (pairs) => {
        const runs = pairs.flat();
        expect(normalizeRuns(runs.slice())).toEqual(naive(runs));
      }),
      { numRuns: 300 },
    );
  });

  it('does the same on the bucket path (1,024 pairs or more), twice in a row (its scratch space is reset)', () => {
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1024, maxLength: 1500 }), fc.array(pair, { minLength: 1024, maxLength: 1100 }), (a, b) => {
        expect(normalizeRuns(a.flat())).toEqual(naive(a.flat()));
        expect(normalizeRuns(b.flat())).toEqual(naive(b.flat()));
      }),
      { numRuns: 20 },
    );
  });

  it('keeps an already canonical list as it is (the same array)', () => {
    const runs = [1, 3, 5, 5, 9, 12];
    expect(normalizeRuns(runs)).toBe(runs);
  });

  it('IdSet over merged runs answers has() for every id', () => {
    const runs = normalizeRuns([40, 50, 1, 2, 3, 3, 45, 60, 65535, 65535]);
    const set = new IdSet(null, 0, 0, runs);
    expect(runs).toEqual([1, 3, 40, 60, 65535, 65535]);
    for (let id = 0; id <= 65536; id += 1) expect(set.has(id)).toBe((id >= 1 && id <= 3) || (id >= 40 && id <= 60) || id === 65535);
  });
});
