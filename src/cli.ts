import { decode, isTCStringError } from './index.js';

// Minimal entry point; the full CLI (report, validate, encode, stdin batches) is issue 6.
const [command, input, ...flags] = process.argv.slice(2);
if (command !== 'decode' || input === undefined) {
  process.stderr.write('usage: tcstring decode <tc-string> [--json]\n');
  process.exit(2);
}
try {
  const tc = decode(input);
  process.stdout.write(JSON.stringify(tc, null, flags.includes('--json') ? undefined : 2) + '\n');
} catch (error) {
  if (!isTCStringError(error)) throw error;
  process.stderr.write(`error ${error.code}: ${error.message}\n`);
  process.exit(1);
}
