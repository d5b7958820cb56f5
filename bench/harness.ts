// Shared benchmark plumbing: benchmark.js runs, a smoke mode for CI, and the report header.
import Benchmark from 'benchmark';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** BENCH_SMOKE=1: a few iterations per case, to prove the benchmarks still run (CI). */
export const SMOKE = process.env.BENCH_SMOKE === '1';

export interface Timing {
  name: string;
  /** Mean time per operation in ns. */
  ns: number;
  hz: number;
  /** Relative margin of error, in percent. */
  rme: number;
}

/** Times `fn` with benchmark.js (or runs it a few times in smoke mode). */
export function time(name: string, fn: () => unknown): Timing {
  if (SMOKE) {
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) fn();
    const ns = ((performance.now() - t0) / 3) * 1e6;
    return { name, ns, hz: 1e9 / ns, rme: NaN };
  }
  let sink: unknown;
  const bench = new Benchmark(name, () => {
    sink = fn();
  }, { maxTime: 1.5, minSamples: 20 });
  bench.run();
  if (bench.error) throw bench.error;
  void sink;
  return { name, ns: bench.stats.mean * 1e9, hz: bench.hz, rme: bench.stats.rme };
}

export function header(title: string): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`# ${title}`);
  console.log(`Node ${process.version}, ${cpu} (${cpus().length} cores)${SMOKE ? ', SMOKE MODE: timings are meaningless' : ''}\n`);
}

export function loadStrings(): Record<string, string> {
  return (JSON.parse(readFileSync('bench/strings.json', 'utf8')) as { strings: Record<string, string> }).strings;
}

export function fmtNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** A timing's relative margin of error as `±1.2%` (empty in smoke mode, which has none). */
export function fmtRme(t: Timing): string {
  return Number.isNaN(t.rme) ? '' : `±${t.rme.toFixed(1)}%`;
}

export function fmtRow(cells: (string | number)[], widths: number[]): string {
  return '| ' + cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join(' | ') + ' |';
}

export function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

/** Throws unless `cond`: benchmarks check correctness before they time anything. */
export function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`benchmark correctness check failed: ${what}`);
}
