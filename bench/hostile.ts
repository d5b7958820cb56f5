// Decode cost per character of hostile TC strings next to a typical one (issue 4: target <= 3x the
// typical string's ns/char). Inputs are deterministic (test/hostile-inputs.ts); every case's result
// is checked before anything is timed.
//
//   npm run bench:hostile  (node scripts/run-ts.mjs bench/hostile.ts)  # benchmark.js; also times the reference on the 22 KB case (~10 s)
//   BENCH_SMOKE=1 npm run bench:hostile      # each case a few times, correctness only (CI)
import Benchmark from 'benchmark';
import { cpus } from 'node:os';
import { decode, isTCStringError, type TCModel } from '../src/index.js';
import { hostileOverlapping, hostileRestrictions, hostileVendorRanges, manyRestrictions, typicalString } from '../test/hostile-inputs.js';

const SMOKE = process.env.BENCH_SMOKE === '1';
/** Target of issue 4: a hostile string costs at most this many times the typical string, per character. */
const TARGET = 3;

interface Case {
  name: string;
  input: string;
  lenient: boolean;
  maxLength: number;
  /** Throws unless the decoded value (or error) is right. */
  verify: (result: TCModel | unknown) => void;
  /** Timed once instead of with benchmark.js (too slow for repeated runs). */
  once?: boolean;
  /** A known bug: printed with the row. */
  note?: string;
}

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(`bench/hostile: wrong result: ${message}`);
}

function allVendors(tc: unknown, where: string): void {
  const m = tc as TCModel;
  assert(m.vendorConsents !== undefined, `${where}: decode failed`);
  assert(m.vendorConsents.has(1) && m.vendorConsents.has(65535) && m.vendorConsents.size === 65535, `${where}: vendorConsents should be 1–65535`);
}

function isCode(code: string): (r: unknown) => void {
  return (r) => assert(isTCStringError(r) && r.code === code, `expected ${code}, got ${isTCStringError(r) ? r.code : 'a value'}`);
}

/** `n` characters of lenient-mode '=' padding followed by a bad character (not at a segment end). */
function equalsFlood(n: number): string {
  return 'C' + '='.repeat(n - 2) + '*';
}

function cases(): Case[] {
  const typical = typicalString();
  const restrictions = hostileRestrictions();
  const list: Case[] = [
    {
      name: 'typical: core, ~800-vendor bitfields + publisherTC',
      input: typical,
      lenient: false,
      maxLength: 131072,
      verify: (r) => assert((r as TCModel).vendorConsents?.size === 335 && (r as TCModel).segments.length === 2, 'typical string'),
    },
    {
      name: '4,095 ranges [1, 65535] in vendorConsents',
      input: hostileVendorRanges(),
      lenient: false,
      maxLength: 131072,
      verify: (r) => allVendors(r, '22 KB'),
    },
    {
      name: '  same, lenient',
      input: hostileVendorRanges(),
      lenient: true,
      maxLength: 131072,
      verify: (r) => allVendors(r, '22 KB lenient'),
    },
    {
      name: '64 restrictions × 4,095 ranges [1, 65535]',
      input: restrictions,
      lenient: false,
      maxLength: 2_000_000,
      verify: (r) => {
        const m = r as TCModel;
        assert(m.publisherRestrictions?.length === 64, '64 restrictions');
        assert(m.publisherRestrictions.every((x) => x.vendorIds.size === 65535 && x.vendorIds.has(65535)), 'each restriction 1–65535');
      },
    },
    {
      name: '  same, refused by the default maxLength',
      input: restrictions,
      lenient: false,
      maxLength: 131072,
      verify: isCode('INPUT_TOO_LONG'),
    },
    {
      name: '4,095 restrictions of one range [1, 65535]',
      input: manyRestrictions(4095),
      lenient: false,
      maxLength: 131072,
      verify: (r) => {
        const m = r as TCModel;
        assert(m.publisherRestrictions?.length === 4095, '4,095 restrictions');
        assert(m.publisherRestrictions.every((x) => x.vendorIds.size === 65535), 'each restriction 1–65535');
      },
    },
    {
      name: 'overlapping, duplicated, descending ranges',
      input: hostileOverlapping(),
      lenient: false,
      maxLength: 131072,
      verify: (r) => {
        allVendors(r, 'overlapping');
        assert((r as TCModel).publisherRestrictions[0]?.vendorIds.size === 65535, 'overlapping restriction');
      },
    },
    {
      name: "lenient, 16 K of '=' then a bad character",
      input: equalsFlood(SMOKE ? 2048 : 16384),
      lenient: true,
      maxLength: 131072,
      verify: isCode('INVALID_CHARACTER'),
    },
    {
      name: "lenient, 128 K of '=' then a bad character",
      input: equalsFlood(SMOKE ? 4096 : 131072),
      lenient: true,
      maxLength: 131072,
      verify: isCode('INVALID_CHARACTER'),
      once: true,
    },
    {
      name: "strict, 128 K of '=' then a bad character",
      input: equalsFlood(SMOKE ? 4096 : 131072),
      lenient: false,
      maxLength: 131072,
      verify: isCode('INVALID_CHARACTER'),
    },
  ];
  if (SMOKE) for (const c of list) c.name = c.name.replace(/\d+ K/, `${(c.input.length / 1024).toFixed(0)} K`);
  return list;
}

function run(c: Case): unknown {
  try {
    // maxIds: Infinity: this measures decoding cost; the JSON-size guard would refuse some cases.
    return decode(c.input, { lenient: c.lenient, maxLength: c.maxLength, maxIds: Infinity });
  } catch (e) {
    return e;
  }
}

interface Row {
  name: string;
  chars: number;
  nsPerOp: number;
  rme: number;
  how: string;
}

function time(c: Case): Row {
  if (SMOKE || c.once) {
    const n = SMOKE ? 3 : 1;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) c.verify(run(c));
    return { name: c.name, chars: c.input.length, nsPerOp: Number(process.hrtime.bigint() - t) / n, rme: NaN, how: `${n} run${n > 1 ? 's' : ''}` };
  }
  let sink: unknown;
  const bench = new Benchmark(c.name, () => {
    sink = run(c);
  }, { maxTime: 2, minSamples: 10 });
  bench.run();
  if (bench.error) throw bench.error;
  c.verify(sink);
  return { name: c.name, chars: c.input.length, nsPerOp: bench.stats.mean * 1e9, rme: bench.stats.rme, how: `${bench.stats.sample.length} samples` };
}

function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** The reference decoder on the 22 KB case, once: it expands every range id by id. */
async function reference(input: string): Promise<Row | null> {
  const { TCString } = await import('@iabtechlabtcf/core');
  const t = process.hrtime.bigint();
  const tc = TCString.decode(input);
  const ns = Number(process.hrtime.bigint() - t);
  assert(tc.vendorConsents.has(65535) && tc.vendorConsents.size === 65535, 'reference decode of the 22 KB case');
  return { name: 'reference @iabtechlabtcf/core: 4,095 ranges [1, 65535]', chars: input.length, nsPerOp: ns, rme: NaN, how: '1 run' };
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log('# Hostile input: decode cost per character');
  console.log(`Node ${process.version}, ${cpu} (${cpus().length} cores)${SMOKE ? ', SMOKE MODE: correctness only, timings are meaningless' : ''}\n`);
  const list = cases();
  // Correctness first, for every case.
  for (const c of list) c.verify(run(c));
  const rows = list.map(time);
  if (!SMOKE) {
    const ref = await reference(list[1]!.input);
    if (ref !== null) rows.push(ref);
  }
  const base = rows[0]!.nsPerOp / rows[0]!.chars;
  const head = ['case', 'chars', 'ns/op', '±', 'ns/char', '× typical', `≤ ${TARGET}×`, 'timed'];
  const body = rows.map((r) => {
    const perChar = r.nsPerOp / r.chars;
    const ratio = perChar / base;
    return [r.name, r.chars.toLocaleString('en-US'), fmtNs(r.nsPerOp), Number.isNaN(r.rme) ? '' : `${r.rme.toFixed(1)}%`, perChar.toFixed(2), ratio.toFixed(2), SMOKE ? '' : ratio <= TARGET ? 'yes' : 'NO', r.how];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const b of body) console.log(line(b));
  console.log(`\nns/char is ns/op divided by the input's length; "× typical" divides it by the typical string's ns/char.`);
  if (SMOKE) console.log('smoke: every case decoded to the expected result');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
