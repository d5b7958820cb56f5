import { validate, type Finding } from '../index.js';
import { forEachInput } from './batch.js';
import { EXIT_FAILURE, EXIT_OK, type Command } from './command.js';
import { caretLines } from './format.js';
import { stdinFor } from './stdin.js';
import type { Style } from './style.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a TC string against the format and the TCF policy rules',
  usage: 'validate [--json] [--lenient] [<string> | -]',
  description: `
Decodes the string, then checks it against TCF policy: legitimate interest on purposes 1 and 3-6
from policy version 4, DisclosedVendors missing from policy version 5, IsServiceSpecific = 0,
Created and LastUpdated (equal, at day granularity, from policy version 4), bits for undefined
purposes and special features, vendor LI without any purpose LI, vendors not disclosed, outdated
and unknown policy versions, TCF v1 strings. Each finding has a severity (error, warning, info)
and a code; a string that does not decode gives one DECODE_ERROR finding. See docs/cli.md.

Exit status 1 when any finding is an error, else 0 (warnings and infos do not fail).
With no string, or '-', validates one string per line from stdin; with --json, each line gives
{"input": ..., "valid": ..., "findings": [...]}.`,
  options: {
    json: { type: 'boolean', description: 'print {"valid", "findings"} as JSON' },
    lenient: { type: 'boolean', description: 'decode leniently before checking policy' },
  },
  maxPositionals: 1,
  async run({ flags, positionals }, ctx) {
    const json = flags.json === true;
    const options = { lenient: flags.lenient === true };
    const input = positionals[0];
    if (input !== undefined && input !== '-') {
      const findings = validate(input, options);
      const valid = isValid(findings);
      if (json) ctx.stdout.write(JSON.stringify({ valid, findings }) + '\n');
      else ctx.stdout.write(findingsReport(input, findings, ctx.style, ''));
      return valid ? EXIT_OK : EXIT_FAILURE;
    }
    const failed = await forEachInput(
      ctx,
      stdinFor(ctx, input),
      (line, n) => {
        const findings = validate(line, options);
        const valid = isValid(findings);
        if (json) ctx.stdout.write(JSON.stringify({ input: line, valid, findings }) + '\n');
        else ctx.stdout.write(`${ctx.style.bold(`line ${n}:`)} ${findingsReport(line, findings, ctx.style, '  ')}`);
        return valid;
      },
      (long, error, n) => {
        const finding: Finding = { severity: 'error', code: 'DECODE_ERROR', message: `${error.code}: ${error.message}`, error };
        if (json) ctx.stdout.write(JSON.stringify({ input: long.head + '…', valid: false, findings: [finding] }) + '\n');
        else ctx.stdout.write(`${ctx.style.bold(`line ${n}:`)} ${findingsReport(long.head + '…', [finding], ctx.style, '  ')}`);
      },
    );
    return failed > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

function isValid(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity !== 'error');
}

/** A summary line, then one line per finding (with a caret for a decoding error). */
function findingsReport(input: string, findings: readonly Finding[], style: Style, indent: string): string {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const parts = (['error', 'warning', 'info'] as const).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}${counts[k] === 1 ? '' : 's'}`);
  const head = counts.error > 0 ? style.red(style.bold('invalid')) : style.green(style.bold('valid'));
  const lines = [`${head}: ${parts.length === 0 ? 'no findings' : parts.join(', ')}`];
  const codeWidth = Math.max(0, ...findings.map((f) => f.code.length));
  for (const f of findings) {
    const sev = f.severity === 'error' ? style.red('error  ') : f.severity === 'warning' ? style.yellow('warning') : style.cyan('info   ');
    lines.push(`${indent}${sev}  ${f.code.padEnd(codeWidth)}  ${f.field !== undefined ? style.dim(f.field + ': ') : ''}${f.message}`);
    if (f.error !== undefined && f.error.charIndex !== null) lines.push(caretLines(input, f.error.charIndex, indent + '         ', style));
  }
  return lines.join('\n') + '\n';
}
