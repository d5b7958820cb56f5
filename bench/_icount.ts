import { decode } from '../src/index.js';
import { loadStrings } from './harness.js';
const S = loadStrings();
const name = process.argv[2] ?? 'small';
const s = S[name]!;
const n = Number(process.argv[3] ?? 20000);
let k = 0;
for (let i = 0; i < n; i++) k += decode(s).cmpId;
console.log(k);
