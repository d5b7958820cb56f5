import type { BitMap, BitMapValue } from '../index.js';
import type { Style } from './style.js';

/** Raw bits per line of the table; longer fields continue on the next lines. */
const BITS_WIDTH = 40;

/** The text table of `tcstring decode --bits`: one block per segment, one row per field. */
export function bitsReport(map: BitMap, style: Style): string {
  const out: string[] = [];
  const fieldWidth = Math.max(12, ...map.fields.map((f) => f.field.length));
  let segment = '';
  let index = 0;
  for (const f of map.fields) {
    if (f.segment !== segment || f.start === 0) {
      if (out.length > 0) out.push('');
      segment = f.segment;
      out.push(style.bold(`segment ${++index}: ${segment}`));
      out.push(style.dim(`  ${'bits'.padStart(11)}  ${'field'.padEnd(fieldWidth)}  ${'raw'.padEnd(BITS_WIDTH)}  value`));
    }
    const range = f.end - f.start === 1 ? String(f.start) : `${f.start}-${f.end - 1}`;
    const chunks: string[] = [];
    for (let i = 0; i < f.bits.length; i += BITS_WIDTH) chunks.push(f.bits.slice(i, i + BITS_WIDTH));
    const name = f.field === 'padding' ? style.dim(f.field.padEnd(fieldWidth)) : f.field.padEnd(fieldWidth);
    out.push(`  ${range.padStart(11)}  ${name}  ${chunks[0]!.padEnd(BITS_WIDTH)}  ${showValue(f.value)}`);
    for (let i = 1; i < chunks.length; i++) out.push(`  ${' '.repeat(11)}  ${' '.repeat(fieldWidth)}  ${chunks[i]}`);
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function showValue(v: BitMapValue): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.length === 0 ? '{}' : `{${compact(v)}}`;
  return String(v);
}

/** Ascending ids as `1-5, 100`. */
function compact(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    parts.push(j === i ? String(ids[i]) : `${ids[i]}-${ids[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
