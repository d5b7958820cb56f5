import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The benchmarks run in CI in smoke mode so they cannot rot: every correctness check they make
// before timing still runs; the timings themselves are meaningless here and never asserted.
function bench(file: string, nodeFlags: string[] = []): string {
  return execFileSync(process.execPath, [...nodeFlags, 'scripts/run-ts.mjs', file], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_SMOKE: '1' },
  });
}

describe('benchmarks (smoke mode)', () => {
  it('bench/codec.ts checks correctness against the reference and prints its tables', () => {
    const out = bench('bench/codec.ts');
    expect(out).toMatch(/correctness: 6 strings decode to the reference's view and re-encode byte for byte/);
    expect(out).toMatch(/## decode/);
    // The columns the issue asks for: time per op, ops/s, the margin of error, the ratio.
    expect(out).toMatch(/\| string +\| chars +\| tcstring +\| ± +\| ops\/s +\| reference +\| ± +\| ratio +\|/);
    expect(out).toMatch(/## encode/);
    expect(out).toMatch(/## queries/);
  });

  it('bench/memory.ts measures retained heap', () => {
    const out = bench('bench/memory.ts', ['--expose-gc']);
    expect(out).toMatch(/tcstring retains \d+ bytes per decoded value, the reference \d+ bytes/);
  });
});

describe('benchmarks of other issues (smoke mode)', () => {
  it('bench/hostile.ts decodes every hostile case to the expected result', () => {
    expect(bench('bench/hostile.ts')).toMatch(/smoke: every case decoded to the expected result/);
  });

  it('bench/cli-throughput.ts checks the CLI output against JSON.stringify', () => {
    expect(bench('bench/cli-throughput.ts')).toMatch(/ratio CLI \/ JSON\.stringify: \d/);
  });
});
