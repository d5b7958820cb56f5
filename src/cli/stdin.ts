import type { Readable } from 'node:stream';
import { UsageError, type Context } from './command.js';

/**
 * Stdin for a command given no input argument or '-'. A bare command on a terminal is most likely
 * a mistake, so it is a usage error; '-' reads the terminal on purpose.
 */
export function stdinFor(ctx: Context, arg: string | undefined): Readable {
  if (arg === undefined && ctx.stdin.isTTY === true) {
    throw new UsageError("no input: give a string, or pipe strings into stdin (use '-' to type them)");
  }
  return ctx.stdin;
}
