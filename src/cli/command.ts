import type { Readable } from 'node:stream';
import type { Output } from './output.js';
import type { Style } from './style.js';

/** Everything a command touches of the process: injected, so commands never reach for globals. */
export interface Context {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Styles for text written to stdout and to stderr (each on only for a terminal, without NO_COLOR). */
  readonly style: Style;
  readonly errStyle: Style;
  readonly stdin: Readable & { readonly isTTY?: boolean };
  /** Opens a file for reading (encode's `[file]`). */
  readonly openFile: (path: string) => Readable;
}

/** A command-line option: a boolean flag, or one taking a value. */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  /** `<mode>` for a string option, shown in the help. */
  readonly valueName?: string;
  readonly description: string;
}

/** What a command is given: its flags, and the positional arguments in order. */
export interface ParsedArgs {
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/**
 * One `tcstring <name>` command. To add one (such as `explain`), write a module exporting a
 * `Command` and list it in `COMMANDS` (src/cli/commands.ts): parsing, `--help`, usage errors and
 * exit codes come from there.
 */
export interface Command {
  readonly name: string;
  /** One line for the command list of `tcstring --help`. */
  readonly summary: string;
  /** The synopsis, without the leading `tcstring `: `decode [options] [<string> | -]`. */
  readonly usage: string;
  /** Paragraphs after the synopsis in `tcstring <name> --help`. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Most positional arguments accepted. */
  readonly maxPositionals: number;
  /** Runs the command; resolves to the exit status. Throws {@link UsageError} for bad arguments. */
  run(args: ParsedArgs, ctx: Context): Promise<number>;
}

/** Bad command-line arguments: exit status 2, with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit statuses. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
