import { bitMap, decode, isTCStringError, tcStringErrorInfo, toTCData, type BitMap, type TCModel } from '../index.js';
import { forEachInput } from './batch.js';
import { bitsReport } from './bits.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command, type Context } from './command.js';
import { errorReport } from './format.js';
import { decodeReport } from './report.js';
import { stdinFor } from './stdin.js';

type Mode = 'report' | 'json' | 'tcdata' | 'bits' | 'bits-json';

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'show what a TC string says (report, canonical JSON, CMP API TCData or bit map)',
  usage: 'decode [--json | --tcdata | --bits] [--lenient] [<string> | -]',
  description: `
Decodes a TC string and prints a readable report: header fields, purposes 1-11 with consent and
legitimate interest (LI = 0 on a purpose is the user's objection), special features, vendors,
publisher restrictions, disclosed vendors, publisher TC and the segments present.

With no string, or '-', reads one string per line from stdin and decodes each in turn (blank
lines are skipped). With --json (or --tcdata, or --bits --json) each input line gives one JSON
line; a line that fails gives {"input": ..., "error": {"code", "message", "segment", "field",
"bitOffset", "charIndex"}} and the batch goes on. Exit status 1 if any string failed.

An error on a single string prints the code, segment.field, bit offset and the string with a
caret under the offending character, and exits 1.`,
  options: {
    json: { type: 'boolean', description: 'the canonical JSON form (what `tcstring encode` reads back)' },
    tcdata: { type: 'boolean', description: "the CMP API TCData object (__tcfapi's addEventListener shape)" },
    bits: { type: 'boolean', description: 'an annotated bit map: segment, field, bit range, raw bits, value (with --json: as JSON)' },
    lenient: { type: 'boolean', description: "accept what real CMPs emit wrongly (see the README's Strict decoding)" },
  },
  maxPositionals: 1,
  async run({ flags, positionals }, ctx) {
    const lenient = flags.lenient === true;
    if (flags.tcdata === true && flags.bits === true) throw new UsageError('--tcdata and --bits cannot be combined');
    if (flags.bits === true && lenient) throw new UsageError('--bits shows the strict reading; --lenient does not apply');
    const mode: Mode = flags.bits === true ? (flags.json === true ? 'bits-json' : 'bits') : flags.tcdata === true ? 'tcdata' : flags.json === true ? 'json' : 'report';
    const input = positionals[0];
    if (input !== undefined && input !== '-') return single(input, mode, lenient, ctx);

    const stdin = stdinFor(ctx, input);
    const failed = await forEachInput(
      ctx,
      stdin,
      (line, n) => batchLine(line, n, mode, lenient, ctx),
      (long, error, n) => {
        if (mode === 'report' || mode === 'bits') ctx.stderr.write(`line ${n}: ${errorReport(long.head + '…', error, ctx.errStyle)}`);
        else ctx.stdout.write(JSON.stringify({ input: long.head + '…', error }) + '\n');
      },
    );
    return failed > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

function single(s: string, mode: Mode, lenient: boolean, ctx: Context): number {
  if (mode === 'bits' || mode === 'bits-json') {
    const map = bitMap(s);
    if (mode === 'bits') {
      ctx.stdout.write(bitsReport(map, ctx.style));
      if (map.error !== null) ctx.stderr.write((map.fields.length > 0 ? '\n' : '') + errorReport(s, tcStringErrorInfo(map.error), ctx.errStyle));
    } else ctx.stdout.write(JSON.stringify(bitMapJSON(map)) + '\n');
    return map.error === null ? EXIT_OK : EXIT_FAILURE;
  }
  let tc: TCModel;
  try {
    tc = decode(s, { lenient });
  } catch (error) {
    if (!isTCStringError(error)) throw error;
    ctx.stderr.write(errorReport(s, tcStringErrorInfo(error), ctx.errStyle));
    return EXIT_FAILURE;
  }
  if (mode === 'report') ctx.stdout.write(decodeReport(tc, ctx.style));
  else ctx.stdout.write(JSON.stringify(mode === 'json' ? tc : toTCData(lenient ? tc : s, s)) + '\n');
  return EXIT_OK;
}

/** One line of a batch. The JSON modes write exactly one line per input line. */
function batchLine(line: string, n: number, mode: Mode, lenient: boolean, ctx: Context): boolean {
  if (mode === 'bits-json') {
    const map = bitMap(line);
    ctx.stdout.write(JSON.stringify({ input: line, ...bitMapJSON(map) }) + '\n');
    return map.error === null;
  }
  if (mode === 'bits') {
    const map = bitMap(line);
    ctx.stdout.write(ctx.style.bold(`── line ${n} ──`) + '\n' + bitsReport(map, ctx.style) + '\n');
    if (map.error !== null) ctx.stderr.write(`line ${n}: ${errorReport(line, tcStringErrorInfo(map.error), ctx.errStyle)}`);
    return map.error === null;
  }
  let tc: TCModel;
  try {
    tc = decode(line, { lenient });
  } catch (error) {
    if (!isTCStringError(error)) throw error;
    if (mode === 'report') ctx.stderr.write(`line ${n}: ${errorReport(line, tcStringErrorInfo(error), ctx.errStyle)}`);
    else ctx.stdout.write(JSON.stringify({ input: line, error: tcStringErrorInfo(error) }) + '\n');
    return false;
  }
  if (mode === 'json') ctx.stdout.write(JSON.stringify(tc) + '\n');
  else if (mode === 'tcdata') ctx.stdout.write(JSON.stringify(toTCData(lenient ? tc : line, line)) + '\n');
  else ctx.stdout.write(ctx.style.bold(`── line ${n} ──`) + '\n' + decodeReport(tc, ctx.style) + '\n');
  return true;
}

function bitMapJSON(map: BitMap) {
  return { fields: map.fields, error: map.error === null ? null : tcStringErrorInfo(map.error) };
}
