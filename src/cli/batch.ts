import type { Readable } from 'node:stream';
import { DECODE_DEFAULTS, type TCStringErrorInfo } from '../index.js';
import type { Context } from './command.js';
import { forEachLine, type LongLine } from './lines.js';

/** Thrown out of the line loop when stdout has gone away (EPIPE): nobody reads what follows. */
const STOP = Symbol('stop');

/**
 * Runs `handle` on each non-blank line of `input` (trimmed), streaming: output is flushed as it
 * fills and reading waits while stdout pushes back. `handle` writes to `ctx` and returns false
 * for a failed line. A line too long to be a TC string goes to `tooLong`. Resolves to the number
 * of failed lines.
 */
export async function forEachInput(
  ctx: Context,
  input: Readable,
  handle: (line: string, lineNumber: number) => boolean,
  tooLong: (line: LongLine, error: TCStringErrorInfo, lineNumber: number) => void,
): Promise<number> {
  let failed = 0;
  const { maxLength } = DECODE_DEFAULTS;
  const flushBoth = async () => {
    await ctx.stdout.flush();
    await ctx.stderr.flush();
  };
  try {
    await forEachLine(input, maxLength + 64, (raw, n) => {
      if (typeof raw === 'string') {
        const line = raw.trim();
        if (line === '') return undefined;
        if (!handle(line, n)) failed++;
      } else {
        failed++;
        tooLong(raw, { code: 'INPUT_TOO_LONG', message: `length ${raw.length} is over maxLength ${maxLength}`, segment: null, field: null, bitOffset: null, charIndex: null }, n);
      }
      if (ctx.stdout.broken) throw STOP;
      return ctx.stdout.flushIfFull() ?? ctx.stderr.flushIfFull();
    }, flushBoth);
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return failed;
}
