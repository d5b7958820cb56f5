#!/usr/bin/env node
// Runs a TypeScript entry (bench or script) with Node: bundles it with esbuild first, so no
// TypeScript loader is needed. Usage: node [node flags] scripts/run-ts.mjs file.ts [args...]
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const outDir = resolve('node_modules/.cache/tcstring-run');
mkdirSync(outDir, { recursive: true });
const outfile = resolve(outDir, basename(entry).replace(/\.ts$/, '') + '-' + process.pid + '.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  logLevel: 'warning',
  // Dependencies (the reference, benchmark.js) load from node_modules as they are.
  packages: 'external',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(outfile).href);
