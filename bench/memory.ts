// Retained heap per decoded typical string, tcstring vs the reference. Needs --expose-gc:
//   node --expose-gc scripts/run-ts.mjs bench/memory.ts
import { TCString } from '@iabtechlabtcf/core';
import { decode, encode } from '../src/index.js';
import { check, header, loadStrings, SMOKE } from './harness.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

header('retained memory per decoded typical string');
const base = decode(loadStrings().typical!);
const count = SMOKE ? 200 : 20000;
// Distinct strings (cmpVersion varies), made before measuring: what is measured is what a
// decoded value adds on top of the string it came from.
const inputs = Array.from({ length: count }, (_, i) => encode({ ...JSON.parse(JSON.stringify(base)), cmpVersion: i % 4096, consentScreen: (i >> 12) % 64 }));
check(new Set(inputs).size === count, 'inputs are distinct');

function retained(fn: (s: string) => unknown): number {
  gc!();
  gc!();
  const before = process.memoryUsage().heapUsed;
  const kept = inputs.map(fn);
  gc!();
  gc!();
  const after = process.memoryUsage().heapUsed;
  check(kept.length === count, 'all decoded values kept alive');
  return (after - before) / count;
}

const ours = retained((s) => decode(s));
const ref = retained((s) => TCString.decode(s));
const chars = inputs[0]!.length;
console.log(`typical string (${chars} chars): tcstring retains ${ours.toFixed(0)} bytes per decoded value, the reference ${ref.toFixed(0)} bytes (${(ref / ours).toFixed(0)}x)`);
console.log(`tcstring's sets are views into the input string, which it keeps alive: about ${chars + 16} more bytes if nothing else holds the string`);
if (!SMOKE) console.log(`target (<= 2048 bytes): ${ours <= 2048 ? 'met' : 'NOT met'}`);
