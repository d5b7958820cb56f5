// Throughput of `tcstring decode --json` on a stdin batch, against the rate at which
// JSON.stringify alone writes the same decoded values (issue 6: the CLI must reach at least half of
// that rate, so it adds little to the unavoidable serialization).
//
// Run: npm run build && node scripts/run-ts.mjs bench/cli-throughput.ts
// CI smoke (tiny N, timings meaningless): BENCH_SMOKE=1 node scripts/run-ts.mjs bench/cli-throughput.ts
// BENCH_N=… overrides the number of strings (default 100,000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decode, encode, type TCModel, type TCModelInput } from '../src/index.js';
import { check, header, SMOKE } from './harness.js';
import { prng } from '../scripts/prng.js';

const CLI = resolve('dist/cli.js');
const N = Number(process.env.BENCH_N ?? (SMOKE ? 300 : 100_000));
const RUNS = SMOKE ? 1 : 3;
const TARGET = 0.5;


/**
 * Typical strings of 2026: TCF 2.3 header, consent for most purposes, an ~800-vendor consent
 * bitfield and an ~780-vendor LI bitfield at varying densities, a PublisherTC segment, and on one
 * string in four a DisclosedVendors range. About 330 characters.
 */
function typicalStrings(n: number): string[] {
  const r = prng(20260306);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const maxVendor = 760 + Math.floor(r() * 80);
    const density = 0.3 + r() * 0.4;
    const vendorConsents: number[] = [];
    const vendorLegitimateInterests: number[] = [];
    for (let id = 1; id <= maxVendor; id++) {
      if (r() < density) vendorConsents.push(id);
      if (id <= maxVendor - 20 && r() < density / 2) vendorLegitimateInterests.push(id);
    }
    vendorConsents.push(maxVendor);
    const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 120) * 86_400_000);
    const disclosed = i % 4 === 0;
    const model: TCModelInput = {
      created: day,
      lastUpdated: day,
      cmpId: 2 + Math.floor(r() * 400),
      cmpVersion: 1 + Math.floor(r() * 30),
      consentScreen: 1 + Math.floor(r() * 3),
      consentLanguage: ['EN', 'DE', 'FR', 'IT', 'ES'][i % 5]!,
      vendorListVersion: 130 + Math.floor(r() * 20),
      policyVersion: 5,
      specialFeatureOptins: r() < 0.5 ? [1] : [1, 2],
      purposeConsents: r() < 0.7 ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] : [1, 2, 7, 8, 9, 10],
      purposeLegitimateInterests: [2, 7, 8, 9, 10, 11],
      publisherCountryCode: 'DE',
      vendorConsents,
      vendorLegitimateInterests,
      vendorsDisclosed: disclosed ? Array.from({ length: maxVendor }, (_, j) => j + 1) : [],
      publisherConsents: [1, 2, 3],
      segments: disclosed ? ['core', 'vendorsDisclosed', 'publisherTC'] : ['core', 'publisherTC'],
    };
    out.push(encode(model, { vectorEncoding: 'reference' }));
  }
  return out;
}

/** Runs the CLI on `file` (as `< file`), counting output bytes and lines; resolves to seconds. */
function timeCli(file: string, expectLines: number): Promise<{ seconds: number; bytes: number }> {
  return new Promise((done, fail) => {
    const fd = openSync(file, 'r');
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, 'decode', '--json'], { stdio: [fd, 'pipe', 'inherit'] });
    closeSync(fd);
    let bytes = 0;
    let lines = 0;
    // stdio[1] is 'pipe', so stdout exists.
    child.stdout!.on('data', (d: Buffer) => {
      bytes += d.length;
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
    });
    child.on('error', fail);
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (status !== 0 || lines !== expectLines) fail(new Error(`CLI exited ${status} after ${lines} of ${expectLines} lines`));
      else done({ seconds, bytes });
    });
  });
}

/**
 * Seconds for JSON.stringify alone over the decoded values (best of `RUNS`). The values are
 * decoded, untimed, a block at a time just before they are serialized, as in a stream: holding
 * all N decoded values at once would slow JSON.stringify down (memory, GC) and flatter the CLI.
 */
function timeStringify(strings: readonly string[]): { seconds: number; bytes: number } {
  const BLOCK = 1000;
  let best = Infinity;
  let bytes = 0;
  for (let run = 0; run < RUNS + 1; run++) {
    let ns = 0n;
    let total = 0;
    for (let from = 0; from < strings.length; from += BLOCK) {
      const models: TCModel[] = strings.slice(from, from + BLOCK).map((s) => decode(s));
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < models.length; i++) total += JSON.stringify(models[i]).length + 1;
      ns += process.hrtime.bigint() - t0;
    }
    const seconds = Number(ns) / 1e9;
    // The first run warms the JIT up; it does not count.
    if (run > 0 && seconds < best) best = seconds;
    bytes = total;
  }
  return { seconds: best, bytes };
}

function rate(n: number, seconds: number): string {
  return `${Math.round(n / seconds).toLocaleString('en-US')}/s`;
}

async function main(): Promise<void> {
  header('tcstring decode --json: batch throughput vs JSON.stringify');
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'tcstring-bench-'));
  try {
    const t0 = performance.now();
    const strings = typicalStrings(N);
    const file = join(dir, 'strings.txt');
    writeFileSync(file, strings.join('\n') + '\n');
    const avg = strings.reduce((a, s) => a + s.length, 0) / strings.length;
    console.log(`${N.toLocaleString('en-US')} strings, ${avg.toFixed(0)} characters on average (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    // Correctness first: the CLI's lines are JSON.stringify of decode, in order.
    const sample = strings.slice(0, 200);
    const out = spawnSync(process.execPath, [CLI, 'decode', '--json'], { input: sample.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
    check(out.status === 0, 'the CLI decodes the sample');
    check(out.stdout === sample.map((s) => JSON.stringify(decode(s)) + '\n').join(''), 'CLI output = JSON.stringify(decode(s)) per line');

    const stringify = timeStringify(strings);

    const startup = spawnSync(process.execPath, [CLI, '--version']);
    check(startup.status === 0, 'the CLI starts');
    const runs: { seconds: number; bytes: number }[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await timeCli(file, N));
    runs.sort((a, b) => a.seconds - b.seconds);
    const best = runs[0]!;
    check(best.bytes === stringify.bytes, `CLI wrote ${best.bytes} bytes, JSON.stringify ${stringify.bytes}`);

    const ratio = stringify.seconds / best.seconds;
    console.log('');
    console.log(`| What | Time | Rate | Output |`);
    console.log(`|---|---|---|---|`);
    console.log(`| JSON.stringify(decoded) alone, in process | ${stringify.seconds.toFixed(3)} s | ${rate(N, stringify.seconds)} | ${(stringify.bytes / 1e6).toFixed(1)} MB |`);
    console.log(`| tcstring decode --json < file (whole process, best of ${RUNS}) | ${best.seconds.toFixed(3)} s | ${rate(N, best.seconds)} | ${(best.bytes / 1e6).toFixed(1)} MB |`);
    console.log('');
    console.log(`ratio CLI / JSON.stringify: ${ratio.toFixed(2)} (target >= ${TARGET})${SMOKE ? ' [smoke mode: not checked]' : ratio >= TARGET ? ' met' : ' NOT MET'}`);
    if (!SMOKE && ratio < TARGET) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
