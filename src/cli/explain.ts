import type { Readable } from 'node:stream';
import {
  decide,
  decode,
  isTCStringError,
  parseGVL,
  tcStringErrorInfo,
  type DecideOptions,
  type GlobalVendorList,
  type PurposeDecision,
  type TCModel,
  type VendorDecisions,
} from '../index.js';
import { forEachInput } from './batch.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type Command, type Context } from './command.js';
import { errorReport } from './format.js';
import { stdinFor } from './stdin.js';
import type { Style } from './style.js';

/** Largest GVL file read: the real vendor list is a few MB. */
const MAX_GVL_BYTES = 64 * 1024 * 1024;
/** Longest purpose or feature name shown in a table cell. */
const NAME_WIDTH = 46;

const DISCLOSED_MODES = ['auto', 'required', 'ifPresent', 'ignore'] as const;

const RESTRICTIONS = ['0 not allowed', '1 require consent', '2 require LI'] as const;

/**
 * The vendors `explain` shows when `--vendor` is not given: every vendor the string names (vendor
 * consent, vendor LI, DisclosedVendors) and every GVL vendor a publisher restriction covers.
 * GVL vendors are found by lookup, so a restriction range over 1–65535 costs the GVL's size.
 */
export function vendorsOf(tc: TCModel, gvl: GlobalVendorList): number[] {
  const ids = new Set<number>();
  for (const set of [tc.vendorConsents, tc.vendorLegitimateInterests, tc.vendorsDisclosed]) {
    set.forEachRun((s, e) => {
      for (let id = s; id <= e; id++) ids.add(id);
    });
  }
  for (const id of gvl.vendorIds) if (tc.publisherRestrictions.some((r) => r.vendorIds.has(id))) ids.add(id);
  return Array.from(ids).sort((a, b) => a - b);
}

/** The decisions `explain` prints: one per vendor, in the order given (or {@link vendorsOf}). */
export function explainVendors(tc: TCModel, gvl: GlobalVendorList, vendorIds: readonly number[] | undefined, options?: Partial<DecideOptions>): VendorDecisions[] {
  return (vendorIds ?? vendorsOf(tc, gvl)).map((id) => decide(tc, gvl, id, options));
}

/** Options of {@link renderExplain}. */
export interface RenderExplainOptions {
  /** The JSON form (the decisions as `decide` returns them, an array) instead of tables. */
  json: boolean;
  /** Colours for the tables; none by default. */
  style: Style | undefined;
  /** The GVL the decisions came from: its names label the rows. */
  gvl: GlobalVendorList | undefined;
}

const PLAIN: Style = { enabled: false, bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s };

function cut(s: string, width: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= width ? one : one.slice(0, width - 1) + '…';
}

/** A column padded to `width` by its visible length (colour codes do not count). */
function pad(text: string, visible: number, width: number): string {
  return text + ' '.repeat(Math.max(1, width - visible));
}

/**
 * Formats the decisions for a terminal: per vendor, a table of purposes (allowed, basis, reason,
 * restriction), then special purposes and special features, then disclosure and warnings; or,
 * with `json`, the decisions as JSON. Pure: the same decisions always give the same text.
 */
export function renderExplain(decisions: readonly VendorDecisions[], options?: Partial<RenderExplainOptions>): string {
  if (options?.json === true) return JSON.stringify(decisions, null, 2) + '\n';
  const s = options?.style ?? PLAIN;
  const gvl = options?.gvl;
  const nameOf = (list: GlobalVendorList['purposes'] | undefined, id: number) => cut(list?.find((e) => e.id === id)?.name ?? '', NAME_WIDTH);
  // 'yes'/'no' padded to the width of the 'Allowed  ' heading.
  const yesNo = (allowed: boolean) => (allowed ? s.green('yes') + '      ' : s.red('no') + '       ');
  const out: string[] = [];

  for (const d of decisions) {
    const title = d.vendorName === null ? `Vendor ${d.vendorId}` : `Vendor ${d.vendorId}  ${d.vendorName}`;
    out.push(s.bold(title));
    const blocker = vendorBlocker(d);
    if (blocker !== null) {
      out.push(`  ${s.red('nothing allowed')}: ${blocker}`, '');
      continue;
    }
    const head = (label: string) =>
      '  ' + s.dim(pad(label, label.length, 4 + NAME_WIDTH + 2) + 'Allowed  ' + (label === 'Purpose' ? 'Basis               ' : '') + 'Reason');
    out.push(head('Purpose'));
    for (const p of d.purposes) out.push(purposeLine(p, nameOf(gvl?.purposes, p.purposeId), s, yesNo));
    if (d.specialPurposes.length > 0) {
      out.push(head('Special purpose'));
      for (const p of d.specialPurposes) {
        const name = nameOf(gvl?.specialPurposes, p.specialPurposeId);
        out.push(`  ${String(p.specialPurposeId).padStart(2)}  ${pad(name, name.length, NAME_WIDTH + 2)}${yesNo(p.allowed)}${p.reason}`);
      }
    }
    if (d.specialFeatures.length > 0) {
      out.push(head('Special feature'));
      for (const p of d.specialFeatures) {
        const name = nameOf(gvl?.specialFeatures, p.specialFeatureId);
        out.push(`  ${String(p.specialFeatureId).padStart(2)}  ${pad(name, name.length, NAME_WIDTH + 2)}${yesNo(p.allowed)}${p.reason}`);
      }
    }
    const notes: string[] = [];
    if (d.disclosed !== null) notes.push(`disclosed: ${d.disclosed ? 'yes' : 'no'}`);
    if (d.purposeOneTreatment) notes.push(`PurposeOneTreatment: purpose 1 not disclosed (PublisherCC ${d.publisherCountryCode})`);
    if (d.warnings.length > 0) notes.push(s.yellow(`warnings: ${d.warnings.join(', ')}`));
    if (notes.length > 0) out.push('  ' + notes.join(' · '));
    out.push('');
  }
  return out.join('\n');
}

/** The vendor-level reason that settles every decision of `d` (absent, deleted, not disclosed), or null. */
function vendorBlocker(d: VendorDecisions): string | null {
  const first = d.purposes[0]?.reason;
  if (first !== 'VENDOR_NOT_IN_GVL' && first !== 'VENDOR_DELETED' && first !== 'NOT_DISCLOSED' && first !== 'DISCLOSED_VENDORS_MISSING') return null;
  const all = [...d.purposes, ...d.specialPurposes, ...d.specialFeatures];
  return all.every((x) => x.reason === first) ? first : null;
}

function purposeLine(p: PurposeDecision, name: string, s: Style, yesNo: (allowed: boolean) => string): string {
  const basis = p.basis === null ? '-' : p.basis;
  const restriction = p.restrictionType === null ? '' : s.dim(`  (restriction ${RESTRICTIONS[p.restrictionType]})`);
  return `  ${String(p.purposeId).padStart(2)}  ${pad(name, name.length, NAME_WIDTH + 2)}${yesNo(p.allowed)}${pad(basis, basis.length, 20)}${p.reason}${restriction}`;
}

/** Reads a whole stream as UTF-8 text, refusing more than `max` bytes. */
async function readText(stream: Readable, max: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    if (typeof chunk === 'string') {
      text += chunk;
      bytes += chunk.length;
    } else {
      bytes += chunk.length;
      text += decoder.decode(chunk, { stream: true });
    }
    if (bytes > max) throw new Error(`the file is over ${max} bytes`);
  }
  return text + decoder.decode();
}

function parseVendors(value: string | boolean | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError('--vendor needs vendor ids, such as 8 or 8,755');
  return value.split(',').map((part) => {
    const t = part.trim();
    const id = /^[0-9]{1,5}$/.test(t) ? Number(t) : NaN;
    if (!(id >= 1 && id <= 65535)) throw new UsageError(`--vendor: '${t}' is not a vendor id (1-65535)`);
    return id;
  });
}

/** `tcstring explain`: legal-basis decisions for vendors of a TC string, against a GVL file. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'may a vendor process each purpose, on which legal basis, and why not (needs --gvl)',
  usage: 'explain --gvl <file> [--vendor <ids>] [--json] [--disclosed-vendors <mode>] [<string> | -]',
  description: `
Decodes a TC string and decides, for each vendor, whether it may process each purpose 1-11 and on
which legal basis (consent or legitimate interest), and why not: no consent, an objection (an LI
bit of 0), a publisher restriction, a purpose the vendor did not declare in the GVL, LI not
permitted for the purpose, a vendor absent from or deleted in the GVL, a vendor not disclosed
(TCF 2.3). Special purposes and special features follow. The rules are the library's decide();
docs/decisions.md lists them.

--gvl is the Global Vendor List JSON file (vendor-list.json, GVL v2 or v3); nothing is fetched.
Without --vendor, the vendors shown are those the string names (vendor consent, vendor LI,
DisclosedVendors) and the GVL vendors a publisher restriction covers.

With no string, or '-', reads one string per line from stdin. With --json, prints the decisions
as JSON (one JSON line per input line when reading stdin; a line that fails gives
{"input": ..., "error": {...}}). Exit status 1 if a string fails to decode or the GVL is invalid.`,
  options: {
    gvl: { type: 'string', valueName: '<file>', description: 'the Global Vendor List JSON file (required)' },
    vendor: { type: 'string', valueName: '<ids>', description: 'only these vendors, comma-separated (8 or 8,755)' },
    json: { type: 'boolean', description: 'the decisions as JSON' },
    'disclosed-vendors': {
      type: 'string',
      valueName: '<mode>',
      description: 'TCF 2.3 disclosure rule: auto (default), required, ifPresent or ignore',
    },
  },
  maxPositionals: 1,
  async run({ flags, positionals }, ctx) {
    const file = flags.gvl;
    if (typeof file !== 'string' || file === '') throw new UsageError('--gvl <file> is required');
    const vendorIds = parseVendors(flags.vendor);
    const mode = flags['disclosed-vendors'];
    const disclosedVendors = DISCLOSED_MODES.find((m) => m === mode);
    if (mode !== undefined && disclosedVendors === undefined) {
      throw new UsageError(`--disclosed-vendors must be one of ${DISCLOSED_MODES.join(', ')}, got '${String(mode)}'`);
    }
    const decideOptions: Partial<DecideOptions> = disclosedVendors === undefined ? {} : { disclosedVendors };
    const json = flags.json === true;
    const input = positionals[0];
    const stdin = input === undefined || input === '-' ? stdinFor(ctx, input) : null;

    const gvl = await loadGVL(file, ctx);
    if (gvl === null) return EXIT_FAILURE;

    const one = (s: string, batch: boolean): boolean => {
      let tc: TCModel;
      try {
        tc = decode(s);
      } catch (error) {
        if (!isTCStringError(error)) throw error;
        if (json && batch) ctx.stdout.write(JSON.stringify({ input: s, error: tcStringErrorInfo(error) }) + '\n');
        else ctx.stderr.write(errorReport(s, tcStringErrorInfo(error), ctx.errStyle));
        return false;
      }
      const decisions = explainVendors(tc, gvl, vendorIds, decideOptions);
      if (json && batch) ctx.stdout.write(JSON.stringify(decisions) + '\n');
      else ctx.stdout.write(renderExplain(decisions, { json, style: ctx.style, gvl }));
      return true;
    };
    if (stdin === null) return one(input!, false) ? EXIT_OK : EXIT_FAILURE;
    const failed = await forEachInput(
      ctx,
      stdin,
      (line) => one(line, true),
      (long, error, n) => {
        if (json) ctx.stdout.write(JSON.stringify({ input: long.head + '…', error }) + '\n');
        else ctx.stderr.write(`line ${n}: ${errorReport(long.head + '…', error, ctx.errStyle)}`);
      },
    );
    return failed > 0 ? EXIT_FAILURE : EXIT_OK;
  },
};

/** Reads and validates the GVL file; reports a failure on stderr and gives null. */
async function loadGVL(file: string, ctx: Context): Promise<GlobalVendorList | null> {
  const fail = (message: string) => {
    ctx.stderr.write(`${ctx.errStyle.red(ctx.errStyle.bold('error'))} cannot read the GVL ${file}: ${message}\n`);
    return null;
  };
  let text: string;
  try {
    text = await readText(ctx.openFile(file), MAX_GVL_BYTES);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseGVL(json);
  } catch (error) {
    if (!isTCStringError(error)) throw error;
    return fail(`${ctx.errStyle.bold(error.code)}: ${error.message}`);
  }
}
