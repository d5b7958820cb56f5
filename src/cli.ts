import { createReadStream, readFileSync } from 'node:fs';
import type { Context } from './cli/command.js';
import { main } from './cli/main.js';
import { Output } from './cli/output.js';
import { styleFor } from './cli/style.js';

// The `tcstring` command. Everything lives in src/cli/; this file only wires up the process.
// It ends by setting process.exitCode once all output is flushed: never process.exit(), which
// would cut off output still queued for a pipe.

const stdout = new Output(process.stdout);
const stderr = new Output(process.stderr);
const ctx: Context = {
  stdout,
  stderr,
  style: styleFor(process.stdout, process.env),
  errStyle: styleFor(process.stderr, process.env),
  stdin: process.stdin,
  openFile: (path) => createReadStream(path),
};

/** The package's version, from the package.json next to dist/ (read only for --version/--help). */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

main(process.argv.slice(2), ctx, version)
  .catch((error: unknown) => {
    // An I/O error (stdin unreadable, say) is the environment's, not a bug: no stack trace.
    const io = error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
    stderr.write(io ? `tcstring: ${(error as Error).message}\n` : `tcstring: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  })
  .then(async (status) => {
    process.exitCode = status;
    await stdout.close();
    await stderr.close();
  })
  .catch(() => {
    process.exitCode = 1;
  });
