/**
 * Long fuzzing run: the properties of test/fuzz-properties.ts (the ones CI runs briefly), for a
 * million cases or more. Prints a summary, writes each counterexample to test/regressions/ (which
 * test/regressions.test.ts replays) and exits 1 if any property failed.
 *
 *   npm run fuzz                                   # 1,000,000 cases, random seed
 *   npm run fuzz -- --runs 5000000 --seed 42       # or FUZZ_RUNS=5000000 FUZZ_SEED=42
 *   npm run fuzz -- --property decode-mutated      # one property
 *   npm run fuzz -- --no-tolerance                 # also report the KNOWN_BUGS the checks step around
 *
 * Run through scripts/run-ts.mjs (esbuild bundle; no TypeScript runner is a dependency):
 *   node scripts/run-ts.mjs scripts/fuzz.ts [args]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { checkDecodeString, describeThrown, exhaustiveCases, PROPERTIES, tolerateKnownBugs, type FuzzProperty } from '../test/fuzz-properties.js';

interface Options {
  runs: number;
  seed: number;
  only: string | null;
  chunk: number;
  maxFailures: number;
  tolerance: boolean;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const env = process.env;
  const o: Options = {
    runs: Number(env.FUZZ_RUNS ?? 1_000_000),
    seed: env.FUZZ_SEED !== undefined ? Number(env.FUZZ_SEED) : Date.now() % 2 ** 31,
    only: env.FUZZ_PROPERTY ?? null,
    chunk: 10_000,
    maxFailures: 3,
    tolerance: true,
    out: resolve('test/regressions'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs') o.runs = Number(value());
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--property') o.only = value();
    else if (a === '--chunk') o.chunk = Number(value());
    else if (a === '--max-failures') o.maxFailures = Number(value());
    else if (a === '--out') o.out = resolve(value());
    else if (a === '--no-tolerance') o.tolerance = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: fuzz [--runs N] [--seed N] [--property NAME] [--chunk N] [--max-failures N] [--out DIR] [--no-tolerance]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(Number.isInteger(o.runs) && o.runs > 0)) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(o.seed)) throw new Error('--seed must be an integer');
  if (o.only !== null && !PROPERTIES.some((p) => p.name === o.only)) {
    throw new Error(`no property ${o.only}; there are ${PROPERTIES.map((p) => p.name).join(', ')}`);
  }
  return o;
}

interface Result {
  name: string;
  cases: number;
  failures: number;
  ms: number;
  slowestMs: number;
  slowestInput: unknown;
  files: string[];
}

/** Writes a counterexample (once per distinct input) and returns its path. */
function saveCounterexample(o: Options, property: string, input: unknown, error: string, seed: number, path: string): string {
  const text = JSON.stringify(input);
  const id = createHash('sha1').update(property + '\0' + text).digest('hex').slice(0, 10);
  const file = join(o.out, `${property}-${id}.json`);
  if (!existsSync(file)) {
    mkdirSync(o.out, { recursive: true });
    const record = {
      property,
      status: 'open',
      input,
      error,
      found: { by: 'scripts/fuzz.ts', date: new Date().toISOString().slice(0, 10), seed, path },
    };
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  }
  return file;
}

function runProperty(p: FuzzProperty, runs: number, o: Options, index: number): Result {
  const r: Result = { name: p.name, cases: 0, failures: 0, ms: 0, slowestMs: 0, slowestInput: null, files: [] };
  const start = performance.now();
  // The check, timed per case: the slowest input is printed, to catch super-linear cost (not asserted).
  const timed = (input: unknown) => {
    const t = performance.now();
    p.check(input);
    const dt = performance.now() - t;
    if (dt > r.slowestMs) {
      r.slowestMs = dt;
      r.slowestInput = input;
    }
  };
  for (let done = 0, k = 0; done < runs && r.failures < o.maxFailures; k++) {
    const numRuns = Math.min(o.chunk, runs - done);
    const seed = (o.seed + index * 1_000_003 + k * 7919) % 2 ** 31;
    const details = fc.check(fc.property(p.arbitrary, timed), { numRuns, seed });
    done += details.failed ? details.numRuns : numRuns;
    r.cases += details.failed ? details.numRuns : numRuns;
    if (details.failed && details.counterexample !== null) {
      r.failures++;
      const [input] = details.counterexample;
      const error = describeThrown(details.errorInstance);
      const file = saveCounterexample(o, p.name, input, error, seed, details.counterexamplePath ?? '');
      r.files.push(file);
      process.stdout.write(`  FAIL ${p.name} (seed ${seed}): ${error.split('\n')[0]}\n       input ${JSON.stringify(input).slice(0, 300)}\n       saved ${file}\n`);
    }
  }
  r.ms = performance.now() - start;
  return r;
}

function runExhaustive(o: Options): Result {
  const r: Result = { name: 'decode-truncations', cases: 0, failures: 0, ms: 0, slowestMs: 0, slowestInput: null, files: [] };
  const start = performance.now();
  for (const s of exhaustiveCases()) {
    r.cases++;
    try {
      checkDecodeString(s);
    } catch (e) {
      r.failures++;
      const error = describeThrown(e);
      r.files.push(saveCounterexample(o, 'decode-arbitrary-string', s, error, 0, 'exhaustive'));
      process.stdout.write(`  FAIL decode-truncations: ${error.split('\n')[0]}\n       input ${JSON.stringify(s)}\n`);
    }
  }
  r.ms = performance.now() - start;
  return r;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  tolerateKnownBugs(o.tolerance);
  const props = PROPERTIES.filter((p) => o.only === null || p.name === o.only);
  const totalWeight = props.reduce((n, p) => n + p.weight, 0);
  process.stdout.write(`tcstring fuzz: ${o.runs.toLocaleString('en-US')} cases, seed ${o.seed}${o.tolerance ? '' : ', no tolerance of known bugs'}\n`);
  const results: Result[] = [];
  if (o.only === null) results.push(runExhaustive(o));
  props.forEach((p, i) => {
    const runs = Math.max(1, Math.round((o.runs * p.weight) / totalWeight));
    const r = runProperty(p, runs, o, i);
    results.push(r);
    process.stdout.write(`  ${p.name}: ${r.cases.toLocaleString('en-US')} cases in ${(r.ms / 1000).toFixed(1)} s, ${r.failures} failure(s)\n`);
  });

  const total = results.reduce((a, r) => ({ cases: a.cases + r.cases, failures: a.failures + r.failures, ms: a.ms + r.ms }), { cases: 0, failures: 0, ms: 0 });
  const rows = results.map((r) => [
    r.name,
    r.cases.toLocaleString('en-US'),
    `${(r.ms / 1000).toFixed(1)} s`,
    `${Math.round(r.cases / (r.ms / 1000)).toLocaleString('en-US')}/s`,
    `${r.slowestMs.toFixed(2)} ms`,
    String(r.failures),
  ]);
  rows.push(['total', total.cases.toLocaleString('en-US'), `${(total.ms / 1000).toFixed(1)} s`, `${Math.round(total.cases / (total.ms / 1000)).toLocaleString('en-US')}/s`, '', String(total.failures)]);
  const head = ['property', 'cases', 'time', 'rate', 'slowest case', 'failures'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  process.stdout.write('\n' + line(head) + '\n' + line(widths.map((w) => '-'.repeat(w))) + '\n' + rows.map(line).join('\n') + '\n');
  const slowest = results.reduce((a, r) => (r.slowestMs > a.slowestMs ? r : a));
  const shown = JSON.stringify(slowest.slowestInput) ?? '';
  process.stdout.write(`\nslowest case: ${slowest.slowestMs.toFixed(2)} ms in ${slowest.name} (${shown.length} characters of JSON): ${shown.slice(0, 160)}${shown.length > 160 ? '…' : ''}\n`);
  if (total.failures > 0) {
    process.stdout.write(`\n${total.failures} failure(s); counterexamples in ${o.out}\n`);
    process.exitCode = 1;
  } else process.stdout.write('\nno failures\n');
}

main();
