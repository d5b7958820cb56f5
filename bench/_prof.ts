import { decode } from '../src/index.js';
import { loadStrings } from './harness.js';
const S = loadStrings();
const name = process.argv[2] ?? 'small';
const s = S[name]!;
const n = Number(process.argv[3] ?? 2e6);
let k = 0; const t0 = performance.now();
for (let i = 0; i < n; i++) k += decode(s).cmpId;
console.log(name, ((performance.now() - t0) / n * 1e6).toFixed(0), 'ns/op', k);
