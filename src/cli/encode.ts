import { encode, isTCStringError, type EncodeOptions, type TCModelInput } from '../index.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command } from './command.js';
import { forEachLine } from './lines.js';
import { stdinFor } from './stdin.js';

/** Largest JSON input read, per line or as one document: far above any real model. */
const MAX_JSON = 64 * 1024 * 1024;

const VECTOR_ENCODINGS = ['auto', 'reference', 'shortest'] as const;

export const encodeCommand: Command = {
  name: 'encode',
  summary: 'turn canonical JSON (the output of decode --json) back into a TC string',
  usage: 'encode [--vector-encoding <mode>] [<file> | -]',
  description: `
Reads a model in the canonical JSON form (what 'tcstring decode --json' prints; only "created"
and "lastUpdated" are required) from <file>, or from stdin when no file or '-' is given, and
prints its TC string. The input may also be a JSON array of models, or JSON lines (one model per
line, such as the output of 'tcstring decode --json' on a batch): one string per model, in order.
Each model gives one output line: a model that cannot be encoded, or a decode error line
({"input", "error"}) from 'decode --json', gives an empty line, the reason goes to stderr (with
its line in JSON lines input), and the exit status is 1. JSON carries no layout: strings whose
vectors use another layout than the reference rule picks come back in the rule's layout.`,
  options: {
    'vector-encoding': {
      type: 'string',
      valueName: '<mode>',
      description: 'auto (default; from JSON the same as reference), reference (as @iabtechlabtcf/core) or shortest',
    },
  },
  maxPositionals: 1,
  async run({ flags, positionals }, ctx) {
    const mode = flags['vector-encoding'];
    const vectorEncoding = VECTOR_ENCODINGS.find((m) => m === mode);
    if (mode !== undefined && vectorEncoding === undefined) {
      throw new UsageError(`--vector-encoding must be one of ${VECTOR_ENCODINGS.join(', ')}, got '${String(mode)}'`);
    }
    const options: Partial<EncodeOptions> = vectorEncoding === undefined ? {} : { vectorEncoding };
    const file = positionals[0];
    let input;
    if (file !== undefined && file !== '-') {
      input = ctx.openFile(file);
    } else input = stdinFor(ctx, file);

    let failed = 0;
    // Every model gives one output line, an empty one when it fails (the reason goes to stderr),
    // so that output line N still answers input line N in a pipeline.
    const one = (value: unknown, where: string): void => {
      const failure = decodeFailure(value);
      if (failure !== null) {
        failed++;
        ctx.stdout.write('\n');
        ctx.stderr.write(`${ctx.errStyle.red(ctx.errStyle.bold('error'))}${where}: nothing to encode: the string did not decode (${ctx.errStyle.bold(failure)})\n`);
        return;
      }
      try {
        ctx.stdout.write(encode(value as TCModelInput, options) + '\n');
      } catch (error) {
        if (!isTCStringError(error)) throw error;
        failed++;
        ctx.stdout.write('\n');
        ctx.stderr.write(`${ctx.errStyle.red(ctx.errStyle.bold('error'))}${where}: cannot encode: ${ctx.errStyle.bold(error.code)}: ${error.message}\n`);
      }
    };
    const badJson = (error: unknown, where: string): void => {
      failed++;
      if (jsonLines === true) ctx.stdout.write('\n');
      ctx.stderr.write(`${ctx.errStyle.red(ctx.errStyle.bold('error'))}${where}: invalid JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    };

    // JSON lines when the first non-blank line is a whole JSON object; else one JSON document.
    let jsonLines: boolean | null = null;
    const doc: string[] = [];
    let docLength = 0;
    try {
      await forEachLine(input, MAX_JSON, (line, n) => {
        if (typeof line !== 'string') {
          failed++;
          ctx.stdout.write('\n');
          ctx.stderr.write(`error: line ${n}: length ${line.length} is over the limit of ${MAX_JSON}\n`);
          return undefined;
        }
        if (jsonLines === null) {
          if (line.trim() === '') return undefined;
          jsonLines = wholeObject(line);
        }
        if (jsonLines) {
          if (line.trim() === '') return undefined;
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch (error) {
            badJson(error, ` (line ${n})`);
            return undefined;
          }
          one(value, ` (line ${n})`);
          return ctx.stdout.flushIfFull() ?? ctx.stderr.flushIfFull();
        }
        docLength += line.length + 1;
        if (docLength > MAX_JSON) throw new RangeError(`the JSON input is over the limit of ${MAX_JSON} characters`);
        doc.push(line);
        return undefined;
      }, () => ctx.stdout.flush());
    } catch (error) {
      if (!(error instanceof RangeError) && !isFileError(error)) throw error;
      ctx.stderr.write(`${ctx.errStyle.red(ctx.errStyle.bold('error'))}: ${isFileError(error) ? `cannot read ${file ?? 'stdin'}: ${error.message}` : error.message}\n`);
      return EXIT_FAILURE;
    }
    if (jsonLines === null) {
      ctx.stderr.write(`${ctx.errStyle.red(ctx.errStyle.bold('error'))}: no input: expected a JSON model\n`);
      return EXIT_FAILURE;
    }
    if (!jsonLines) {
      let value: unknown;
      try {
        value = JSON.parse(doc.join('\n'));
      } catch (error) {
        badJson(error, '');
        return EXIT_FAILURE;
      }
      if (Array.isArray(value)) value.forEach((model, i) => one(model, ` (model ${i + 1})`));
      else one(value, '');
    }
    return failed > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

/** The error code of a `{"input", "error"}` line from `decode --json`, or null for anything else. */
function decodeFailure(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !('error' in value) || !('input' in value) || 'created' in value) return null;
  const error = (value as { error: unknown }).error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'unknown error';
}

/** Whether one line is a complete JSON object by itself. */
function wholeObject(line: string): boolean {
  if (!line.trimStart().startsWith('{')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined;
}

