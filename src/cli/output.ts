import type { Writable } from 'node:stream';

/** Bytes buffered before a write is forced: big enough to amortise syscalls, small enough to stay constant. */
const HIGH_WATER = 1 << 16;

/**
 * A buffered text writer over stdout or stderr that respects backpressure: `write` only appends;
 * `flushIfFull` and `flush` hand the buffer to the stream and, when the stream's own buffer is
 * full, wait for 'drain'. `close` resolves once everything written has left the process, so the
 * CLI can end by setting `process.exitCode`, never by `process.exit` with output pending.
 *
 * When the reader goes away (EPIPE, e.g. `| head -1`) the writer turns into a sink and `broken`
 * becomes true, so a batch can stop early instead of decoding into the void.
 */
export class Output {
  private buf = '';
  private failure: Error | null = null;
  broken = false;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.broken = true;
      if (error.code !== 'EPIPE') this.failure = error;
    });
  }

  write(text: string): void {
    this.buf += text;
  }

  /** Flushes when enough is buffered; awaits only when the stream pushes back. */
  flushIfFull(): Promise<void> | undefined {
    return this.buf.length >= HIGH_WATER ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    const chunk = this.buf;
    if (chunk === '') return;
    this.buf = '';
    if (this.broken) return;
    if (!this.stream.write(chunk)) await this.drained();
  }

  /** Flushes, then waits until the stream has handed every byte to the OS. */
  async close(): Promise<void> {
    await this.flush();
    if (this.broken) return;
    await new Promise<void>((resolve) => {
      // The callback of an empty write runs after all earlier writes completed (or failed).
      this.stream.write('', () => resolve());
    });
    if (this.failure !== null) throw this.failure;
  }

  private drained(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}
