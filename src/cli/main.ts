import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, UsageError, type Command, type Context, type OptionSpec } from './command.js';
import { COMMANDS } from './commands.js';

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/**
 * Runs `tcstring` with `argv` (the arguments after the script): finds the command, parses its
 * options, prints help and usage errors. Resolves to the exit status; never exits the process.
 */
export async function main(argv: readonly string[], ctx: Context, version: () => string): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    ctx.stderr.write(globalHelp(version()));
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = topic === undefined ? undefined : COMMANDS.find((c) => c.name === topic);
    if (topic !== undefined && command === undefined) return usageError(ctx, null, `unknown command '${topic}'`);
    ctx.stdout.write(command === undefined ? globalHelp(version()) : commandHelp(command));
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    ctx.stdout.write(version() + '\n');
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (command === undefined) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    return usageError(ctx, null, `${what} (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: toParseArgsOptions({ ...command.options, help: HELP_OPTION }),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(ctx, command, parseArgsMessage(error));
  }
  if (parsed.values.help === true) {
    ctx.stdout.write(commandHelp(command));
    return EXIT_OK;
  }
  if (parsed.positionals.length > command.maxPositionals) {
    return usageError(ctx, command, `unexpected argument '${parsed.positionals[command.maxPositionals]!}'`);
  }
  try {
    const flags: Record<string, string | boolean | undefined> = {};
    // No option is declared `multiple`, so every value is a single string or boolean.
    for (const [k, v] of Object.entries(parsed.values)) if (!Array.isArray(v)) flags[k] = v;
    return await command.run({ flags, positionals: parsed.positionals }, ctx);
  } catch (error) {
    if (error instanceof UsageError) return usageError(ctx, command, error.message);
    throw error;
  }
}

function usageError(ctx: Context, command: Command | null, message: string): number {
  const s = ctx.errStyle;
  const name = command === null ? 'tcstring' : `tcstring ${command.name}`;
  ctx.stderr.write(
    `${s.red(s.bold('usage error'))}: ${name}: ${message}\n` +
      (command === null ? `usage: tcstring <command> [options] [arguments]\n` : `usage: tcstring ${command.usage}\n`) +
      `Run '${name} --help' for help.\n`,
  );
  return EXIT_USAGE;
}

function toParseArgsOptions(options: Readonly<Record<string, OptionSpec>>) {
  const out: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, o] of Object.entries(options)) out[name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short };
  return out;
}

/** Node's parseArgs messages, first sentence only ("Unknown option '--x'"). */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cut = message.indexOf('. ');
  return (cut > 0 ? message.slice(0, cut) : message).replace(/^Unknown option/, 'unknown option').replace(/\.$/, '');
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short !== undefined ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.valueName ?? '<value>'}` : ''}`;
    return [flag, o.description] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`).join('\n');
}

function commandHelp(command: Command): string {
  return (
    `usage: tcstring ${command.usage}\n\n${command.description.trim()}\n\n` +
    `Options:\n${optionLines({ ...command.options, help: HELP_OPTION })}\n`
  );
}

function globalHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 3;
  return `tcstring ${version}: decode, validate and encode IAB TCF v2 consent strings (TC strings)

usage: tcstring <command> [options] [arguments]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Options:
  -h, --help      show help; 'tcstring <command> --help' for a command's
  -V, --version   print the version

A command given no string, or '-', reads strings from stdin, one per line.
Exit status: 0 success, 1 a string failed to decode or validate, 2 usage error.
Colour is used on a terminal only, never when NO_COLOR is set.
`;
}
