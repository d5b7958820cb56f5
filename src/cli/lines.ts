import type { Readable } from 'node:stream';

/** A line longer than the limit: its first characters and its full length, nothing more is kept. */
export interface LongLine {
  readonly head: string;
  readonly length: number;
}

/**
 * Calls `onLine` for each line of `input` (LF or CRLF; a last line without LF counts) and awaits
 * it only when it returns a promise, so output backpressure pauses reading. The stream's async
 * iterator pulls one chunk at a time: memory is one chunk plus one line, and a line longer than
 * `maxLine` is never held whole (it arrives as a {@link LongLine}).
 */
export async function forEachLine(
  input: Readable,
  maxLine: number,
  onLine: (line: string | LongLine, lineNumber: number) => Promise<void> | undefined | void,
  /** Called when a chunk's lines are done, before waiting for more input: the place to flush. */
  afterChunk?: () => Promise<void>,
): Promise<void> {
  input.setEncoding('utf8');
  let carry = '';
  let longLength = -1;
  let longHead = '';
  let n = 0;
  const emit = (line: string) => {
    n++;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (longLength >= 0) {
      const long: LongLine = { head: longHead, length: longLength + line.length };
      longLength = -1;
      longHead = '';
      return onLine(long, n);
    }
    return onLine(line, n);
  };
  for await (const chunk of input as AsyncIterable<string>) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      const piece = chunk.slice(from, nl);
      const line = carry === '' ? piece : carry + piece;
      carry = '';
      from = nl + 1;
      const pending = emit(line);
      if (pending !== undefined) await pending;
    }
    carry += chunk.slice(from);
    // Output for the lines so far leaves now, so a slow producer (`tail -f`) sees results promptly.
    if (afterChunk !== undefined) await afterChunk();
    if (carry.length > maxLine) {
      // Too long to be a TC string: keep a head for the report and count the rest.
      if (longLength < 0) {
        longHead = carry.slice(0, 64);
        longLength = 0;
      }
      longLength += carry.length;
      carry = '';
    }
  }
  if (carry !== '' || longLength >= 0) {
    const pending = emit(carry);
    if (pending !== undefined) await pending;
  }
}
