import type { IdSet, TCStringErrorInfo } from '../index.js';
import type { Style } from './style.js';

/** Compact id ranges: `1-5, 100, 404`, or `none`. */
export function idRanges(set: IdSet): string {
  const parts: string[] = [];
  set.forEachRun((s, e) => {
    parts.push(s === e ? String(s) : e === s + 1 ? `${s}, ${e}` : `${s}-${e}`);
  });
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** `text` broken after `, ` so no line passes `width`; lines after the first get `indent`. */
export function wrap(text: string, indent: number, width: number): string {
  if (indent + text.length <= width) return text;
  const room = Math.max(20, width - indent);
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(', ')) {
    const next = line === '' ? part : `${line}, ${part}`;
    if (next.length + 1 > room && line !== '') {
      lines.push(line + ',');
      line = part;
    } else line = next;
  }
  lines.push(line);
  return lines.join('\n' + ' '.repeat(indent));
}

/** An ISO 8601 date without a zero millisecond part. */
export function isoDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString().replace('.000Z', 'Z');
}

/** Longest stretch of the string shown around a caret. */
const WINDOW = 72;

/**
 * The string with a caret under character `index` (or just past the end): two lines, each
 * indented by `indent`. Long strings show a window around the caret, with `…` where cut.
 */
export function caretLines(s: string, index: number, indent: string, style: Style): string {
  let from = 0;
  let to = s.length;
  if (s.length > WINDOW) {
    from = Math.max(0, Math.min(index - WINDOW / 2, s.length - WINDOW));
    to = Math.min(s.length, from + WINDOW);
  }
  // Control and non-ASCII characters print as '?' so the caret stays aligned.
  const shown = s.slice(from, to).replace(/[^\x20-\x7e]/g, '?');
  const left = from > 0 ? '…' : '';
  const right = to < s.length ? '…' : '';
  const pad = ' '.repeat(left.length + Math.max(0, index - from));
  return `${indent}${left}${shown}${right}\n${indent}${pad}${style.red('^')}`;
}

/** The multi-line report of a decoding error: code, message, segment.field, bit, character, caret. */
export function errorReport(input: string, e: TCStringErrorInfo, style: Style, title = 'cannot decode'): string {
  const lines = [`${style.red(style.bold('error'))} ${title}: ${style.bold(e.code)}`, `  ${e.message}`];
  const where = e.segment !== null && e.field !== null ? `${e.segment}.${e.field}` : (e.field ?? e.segment);
  if (where !== null) lines.push(`  field      ${where}`);
  if (e.bitOffset !== null) lines.push(`  bit        ${e.bitOffset}${e.segment !== null ? ` of segment ${e.segment}` : ''}`);
  if (e.charIndex !== null) {
    lines.push(`  character  ${e.charIndex}`, '', caretLines(input, e.charIndex, '  ', style));
  }
  return lines.join('\n') + '\n';
}
