import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { BUDGETS, measure } from '../scripts/size.mjs';

// Bundle sizes are deterministic (same esbuild, same source), so CI enforces the budgets.
describe('bundle size (esbuild, minified, gzipped, importing the package by name)', () => {
  it('stays within the budgets', async () => {
    const sizes = (await measure()) as Record<string, { minified: number; gzipped: number }>;
    const budgets = BUDGETS as Record<string, number>;
    console.log(Object.entries(sizes).map(([k, v]) => `${k}: ${v.gzipped} B gzipped`).join(', '));
    for (const [name, budget] of Object.entries(budgets)) {
      expect.soft(sizes[name]!.gzipped, `${name} bundle`).toBeLessThanOrEqual(budget);
    }
    // Decode-only users must not pay for encode, GVL decisions or validation.
    expect(sizes.decode!.gzipped).toBeLessThan(sizes.codec!.gzipped);
    expect(sizes.codec!.gzipped).toBeLessThan(sizes.full!.gzipped);
  });
});
