import { BitWriter } from './bit-writer.js';
import { TCStringError, type SegmentName } from './errors.js';
import { IdSet, normalizeRuns } from './id-set.js';
import { MODEL_KEYS, SEGMENT_NAMES } from './layout.js';
import type { TCModelInput } from './model.js';
import { describe, MAX_ID, MAX_LIST } from './untrusted.js';

/** Options of {@link encode}. */
export interface EncodeOptions {
  /**
   * How each vendor vector chooses between a bitfield and range entries:
   * - `'auto'` (default): a set that came from `decode` keeps its MaxVendorId and its form, so
   *   `encode(decode(s)) === s`; any other set follows `'reference'`.
   * - `'reference'`: the rule of `@iabtechlabtcf/core`, byte for byte (it sometimes picks the
   *   longer form; see spec/format.md).
   * - `'shortest'`: range entries only when they are strictly shorter than the bitfield.
   */
  vectorEncoding: 'auto' | 'reference' | 'shortest';
  /** Segments to write, in order; overrides the model's `segments`. Must start with `'core'`. */
  segments: readonly SegmentName[] | undefined;
  /**
   * The vendor ids of the Global Vendor List the string is written for (deleted vendors
   * included). When given, a publisher restriction's range may span ids that are not in it, as
   * the TCF spec allows and the reference does (shared/tcf-format.md §6): [12, 15] with 13 and 14
   * absent is written as the single range 12–15. Without it, ranges hold consecutive ids only.
   */
  gvlVendorIds: ReadonlySet<number> | readonly number[] | undefined;
}

/** The defaults of {@link EncodeOptions}. */
export const ENCODE_DEFAULTS: Readonly<EncodeOptions> = /* @__PURE__ */ Object.freeze({ vectorEncoding: 'auto', segments: undefined, gvlVendorIds: undefined });

/** The segments written when neither the model nor the options name them: TCF 2.3's order. */
export const DEFAULT_SEGMENTS: readonly SegmentName[] = /* @__PURE__ */ Object.freeze(['core', 'vendorsDisclosed', 'publisherTC']);

/** Largest count a 12-bit NumEntries or NumPubRestrictions can hold. */
const MAX_ENTRIES = 4095;

/**
 * Encodes a model (a decoded value, its JSON form, or one built by hand) into a TC string.
 * Writes exactly the signals given: nothing is cleared or added.
 *
 * @throws {TCStringError} INVALID_VALUE naming the field, for a model that cannot be encoded.
 * @example
 * encode({ created: '2025-06-03T00:00:00Z', lastUpdated: '2025-06-03T00:00:00Z', cmpId: 880, vendorConsents: [1, 2] });
 */
export function encode(tc: TCModelInput, options?: Partial<EncodeOptions>): string {
  const opts = encodeOptions(options);
  if (typeof tc !== 'object' || tc === null || Array.isArray(tc)) {
    throw new TCStringError('INVALID_VALUE', `the model must be an object, got ${describe(tc)}`);
  }
  const m = fields(tc, MODEL_KEYS, '');
  const segments = readSegments(opts.segments ?? m.segments);
  let out = '';
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!;
    const w = new BitWriter();
    if (name === 'core') writeCore(w, m, opts);
    else {
      w.u(SEGMENT_NAMES.indexOf(name), 3);
      if (name === 'publisherTC') writePublisher(w, m);
      else writeVendorVector(w, m[name], name, name, opts);
    }
    out += (i > 0 ? '.' : '') + w.finish();
  }
  return out;
}

/** A model's or a restriction entry's fields, read as plain properties: see {@link fields}. */
type Fields = Record<string, unknown>;

/**
 * The fields of `o` to read. When its own keys are exactly `keys`, in order (as `decode` and its
 * JSON form make them), that is `o` itself: every field is its own property and none is unknown.
 * Otherwise a key that is no field is refused (a misspelled `vendorConsent` would drop every
 * vendor consent without a word), and its own enumerable fields are copied to an object without
 * a prototype, so that an inherited `cmpId` is never read. Keys that untrusted JSON uses for
 * prototype pollution are ignored.
 */
function fields(o: object, keys: readonly string[], parent: string): Fields {
  const names = Object.keys(o);
  let same = names.length === keys.length;
  for (let i = 0; same && i < keys.length; i++) same = names[i] === keys[i];
  if (same) return o as Fields;
  for (const key of names) {
    if (keys.includes(key) || key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    const lower = key.toLowerCase();
    let near = '';
    for (const f of keys) {
      const fl = f.toLowerCase();
      if (fl === lower || fl === lower + 's' || fl + 's' === lower) near = f;
    }
    // An empty key still needs a field name that says what it is.
    const path = (parent ? parent + '.' : '') + (key === '' ? '""' : key);
    throw invalid(parent ? 'core' : null, path, `is not a field of ${parent ? 'a publisher restriction' : 'a TC string model'}${near ? ` (did you mean '${near}'?)` : ''}`);
  }
  return Object.assign(Object.create(null) as Fields, o);
}

/** The fields of a publisher restriction entry, in `decode`'s order. */
const RESTRICTION_KEYS = ['purposeId', 'restrictionType', 'vendorIds'];

function encodeOptions(options: Partial<EncodeOptions> | undefined): EncodeOptions {
  if (options === undefined) return ENCODE_DEFAULTS;
  if (typeof options !== 'object' || options === null) {
    throw new TCStringError('INVALID_VALUE', `options must be an object, got ${describe(options)}`);
  }
  const vectorEncoding = options.vectorEncoding ?? ENCODE_DEFAULTS.vectorEncoding;
  if (vectorEncoding !== 'auto' && vectorEncoding !== 'reference' && vectorEncoding !== 'shortest') {
    throw new TCStringError('INVALID_VALUE', `options.vectorEncoding must be 'auto', 'reference' or 'shortest'`);
  }
  const gvlVendorIds = options.gvlVendorIds ?? undefined;
  // A Set or an array, which read the same on every encode (a generator would be used up by the first).
  if (gvlVendorIds !== undefined && !(gvlVendorIds instanceof Set) && !Array.isArray(gvlVendorIds)) {
    throw new TCStringError('INVALID_VALUE', 'options.gvlVendorIds must be a Set or an array of vendor ids');
  }
  return { vectorEncoding, segments: options.segments ?? ENCODE_DEFAULTS.segments, gvlVendorIds };
}

function invalid(segment: SegmentName | null, field: string, message: string): TCStringError {
  return new TCStringError('INVALID_VALUE', message, { segment, field });
}

function readSegments(value: unknown): readonly SegmentName[] {
  if (value === undefined) return DEFAULT_SEGMENTS;
  if (!Array.isArray(value) || value.length === 0 || value.length > 4) {
    throw invalid(null, 'segments', `must be an array of 1 to 4 segment names, got ${describe(value)}`);
  }
  const seen: SegmentName[] = [];
  for (let i = 0; i < value.length; i++) {
    const name = value[i] as unknown;
    if (typeof name !== 'string' || SEGMENT_NAMES.indexOf(name as SegmentName) < 0) {
      throw invalid(null, `segments[${i}]`, `${describe(name)} is not one of ${SEGMENT_NAMES.join(', ')}`);
    }
    if (seen.indexOf(name as SegmentName) >= 0) throw invalid(null, `segments[${i}]`, `'${name}' appears twice`);
    seen.push(name as SegmentName);
  }
  if (seen[0] !== 'core') throw invalid(null, 'segments[0]', `the first segment must be 'core'`);
  return seen;
}

/** A letter's value, A = 0 … Z = 25 (lower case read as upper case), or -1. */
function letter(code: number): number {
  const upper = code >= 97 && code <= 122 ? code - 32 : code;
  return upper >= 65 && upper <= 90 ? upper - 65 : -1;
}

function int(v: unknown, segment: SegmentName, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(segment, field, `must be an integer in ${min}–${max}, got ${describe(v)}`);
  }
  return v;
}

/** Writes a date as the 36-bit Created and LastUpdated fields hold it: deciseconds since the epoch. */
function date(w: BitWriter, v: unknown, field: string): void {
  let ms = NaN;
  if (v instanceof Date) {
    // `instanceof` is fooled by Object.create(Date.prototype): ask the real getter.
    try {
      ms = Date.prototype.getTime.call(v);
    } catch {
      throw invalid('core', field, 'is not a real Date');
    }
  }
  else if (typeof v === 'string') ms = Date.parse(v);
  else throw invalid('core', field, `must be a Date or an ISO 8601 string, got ${describe(v)}`);
  const ds = Math.round(ms / 100);
  if (!(ds >= 0 && ds < 2 ** 36)) throw invalid('core', field, `must be a valid date from 1970 to 2187, got ${describe(v)}`);
  // Above 2^32: divide instead of shifting.
  w.u(Math.floor(ds / 262144), 18);
  w.u(ds % 262144, 18);
}

interface Ids {
  /** Sorted, merged runs `[start, end, …]`. */
  runs: number[];
  /** The layout a decoded vendor vector had: MaxVendorId (-1 if none) and its form. */
  maxVendorId: number;
  rangeEncoding: number;
}

/** Reads an id collection of the model: ids 1..max, any order, duplicates allowed. */
function ids(v: unknown, segment: SegmentName, field: string, max: number): Ids {
  if (v === undefined) v = [];
  if (isIdSet(v)) {
    const runs = idSetRuns(v, segment, field, max);
    const maxVendorId = v._maxVendorId;
    const rangeEncoding = v._rangeEncoding;
    // Layout hints are trusted only in the shapes `decode` makes: a forged set must not write
    // a MaxVendorId that overflows its 16 bits.
    if (!(Number.isInteger(maxVendorId) && maxVendorId >= -1 && maxVendorId <= MAX_ID) || !(rangeEncoding === -1 || rangeEncoding === 0 || rangeEncoding === 1)) {
      throw invalid(segment, field, 'is not a valid IdSet');
    }
    return { runs, maxVendorId, rangeEncoding };
  }
  let list: ArrayLike<unknown>;
  if (Array.isArray(v)) {
    if (v.length > MAX_LIST) throw invalid(segment, field, `has ${v.length} elements, over the limit of ${MAX_LIST}`);
    list = v;
  } else if (typeof v === 'object' && v !== null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') {
    // Iterated by hand, so a broken iterator is the model's error, not a TypeError.
    const it = (v as Iterable<unknown>)[Symbol.iterator]() as unknown;
    const next = typeof it === 'object' && it !== null ? (it as Iterator<unknown>).next : undefined;
    if (typeof next !== 'function') throw invalid(segment, field, 'has an iterator without next()');
    const items: unknown[] = [];
    for (;;) {
      const step = next.call(it) as unknown;
      if (typeof step !== 'object' || step === null) throw invalid(segment, field, 'has an iterator whose next() returned no object');
      if ((step as IteratorResult<unknown>).done) break;
      if (items.length === MAX_LIST) throw invalid(segment, field, `has over ${MAX_LIST} elements`);
      items.push((step as IteratorResult<unknown>).value);
    }
    list = items;
  } else throw invalid(segment, field, `must be an array of ids, got ${describe(v)}`);
  // One pass reads and checks every id once (a getter or a Proxy cannot show the check one value
  // and the writer another) and, while they come in order (as they usually do), builds the runs.
  const length = list.length;
  let runs: number[] = [];
  let rest: number[] | null = null;
  let prev = 0;
  for (let i = 0; i < length; i++) {
    const id = list[i];
    if (typeof id !== 'number' || !(id >= 1 && id <= max) || Math.floor(id) !== id) {
      throw invalid(segment, `${field}[${i}]`, `must be an integer id in 1–${max}, got ${describe(id)}`);
    }
    if (rest !== null) rest.push(id);
    else if (id === prev + 1 && prev > 0) runs[runs.length - 1] = prev = id;
    else if (id > prev) runs.push(id, (prev = id));
    else if (id < prev) rest = [id];
  }
  if (rest !== null) {
    // Out of order: sort the checked values after the ordered prefix, and merge the two.
    const sorted = Float64Array.from(rest).sort();
    for (let i = 0; i < sorted.length; i++) runs.push(sorted[i]!, sorted[i]!);
    runs = normalizeRuns(runs);
  }
  return { runs, maxVendorId: -1, rangeEncoding: -1 };
}

/**
 * The runs of an IdSet, checked: `instanceof` is fooled by Object.create(IdSet.prototype), and
 * a forged set must give an INVALID_VALUE, never a TypeError or an endless loop.
 */
function idSetRuns(v: IdSet, segment: SegmentName, field: string, max: number): number[] {
  const src = v._src;
  const raw = v._runs;
  const runs: number[] = [];
  if (isBitfieldView(v)) {
    // The package's own method: a set forged from JSON has the fields but no methods.
    IdSet.prototype.forEachRun.call(v, (s, e) => {
      runs.push(s, e);
    });
  } else if (src === null && Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i += 2) {
      const s = raw[i] as unknown;
      const e = raw[i + 1] as unknown;
      if (!Number.isInteger(s) || !Number.isInteger(e) || (s as number) < (runs[runs.length - 1] ?? -1) + 2 || (e as number) < (s as number)) {
        throw invalid(segment, field, 'is not a valid IdSet');
      }
      runs.push(s as number, e as number);
    }
  } else throw invalid(segment, field, 'is not a valid IdSet');
  const top = runs.length > 0 ? runs[runs.length - 1]! : 0;
  if (top > max) throw invalid(segment, field, `id ${top} is out of range 1–${max}`);
  return runs;
}

/**
 * The core's fixed fields. Straight-line code with constant keys, not a walk over CORE_FIELDS:
 * per-field lookups by a variable key cost more than the rest of a typical encode. The round-trip
 * and layout tests hold it to the table.
 */
function writeCoreHeader(w: BitWriter, m: Fields): void {
  uint(w, m.version, 'version', 6, 2, 2, 2);
  date(w, m.created, 'created');
  date(w, m.lastUpdated, 'lastUpdated');
  uint(w, m.cmpId, 'cmpId', 12, 0);
  uint(w, m.cmpVersion, 'cmpVersion', 12, 0);
  uint(w, m.consentScreen, 'consentScreen', 6, 0);
  letters(w, m.consentLanguage, 'consentLanguage', 'EN');
  uint(w, m.vendorListVersion, 'vendorListVersion', 12, 0);
  uint(w, m.policyVersion, 'policyVersion', 6, 5);
  flag(w, m.isServiceSpecific, 'isServiceSpecific', true);
  flag(w, m.useNonStandardTexts, 'useNonStandardTexts', false);
  flags(w, m.specialFeatureOptins, 'core', 'specialFeatureOptins', 12);
  flags(w, m.purposeConsents, 'core', 'purposeConsents', 24);
  flags(w, m.purposeLegitimateInterests, 'core', 'purposeLegitimateInterests', 24);
  flag(w, m.purposeOneTreatment, 'purposeOneTreatment', false);
  letters(w, m.publisherCountryCode, 'publisherCountryCode', 'AA');
}

/** Writes a core integer field in `bits` bits: `fallback` when it is absent, else one in min..max. */
function uint(w: BitWriter, v: unknown, field: string, bits: number, fallback?: number, min = 0, max = (1 << bits) - 1): void {
  w.u(int(v === undefined ? fallback : v, 'core', field, min, max), bits);
}

function flag(w: BitWriter, v: unknown, field: string, fallback: boolean): void {
  if (v === undefined) v = fallback;
  if (typeof v !== 'boolean') throw invalid('core', field, `must be a boolean, got ${describe(v)}`);
  w.u(v ? 1 : 0, 1);
}

function letters(w: BitWriter, v: unknown, field: string, fallback: string): void {
  if (v === undefined) v = fallback;
  const a = typeof v === 'string' && v.length === 2 ? letter(v.charCodeAt(0)) : -1;
  const b = a >= 0 ? letter((v as string).charCodeAt(1)) : -1;
  if (b < 0) throw invalid('core', field, `must be two letters A–Z, got ${describe(v)}`);
  w.u(a, 6);
  w.u(b, 6);
}

/** A fixed bitfield of `bits` ids (purposes, special features, custom purposes). */
function flags(w: BitWriter, v: unknown, segment: SegmentName, field: string, bits: number): void {
  if (isIdSet(v) && isBitfieldView(v) && v._bits <= bits) {
    // A decoded bitfield: copy its bits instead of walking its ids.
    w.copyBits(v._src!, v._offset, v._bits);
    w.skip(bits - v._bits);
  } else w.flags(ids(v, segment, field, bits).runs, bits);
}

function writeCore(w: BitWriter, m: Fields, opts: EncodeOptions): void {
  writeCoreHeader(w, m);
  writeVendorVector(w, m.vendorConsents, 'core', 'vendorConsents', opts);
  writeVendorVector(w, m.vendorLegitimateInterests, 'core', 'vendorLegitimateInterests', opts);
  writeRestrictions(w, m.publisherRestrictions, opts.gvlVendorIds);
}

function writePublisher(w: BitWriter, m: Fields): void {
  flags(w, m.publisherConsents, 'publisherTC', 'publisherConsents', 24);
  flags(w, m.publisherLegitimateInterests, 'publisherTC', 'publisherLegitimateInterests', 24);
  const consents = ids(m.publisherCustomConsents, 'publisherTC', 'publisherCustomConsents', 63).runs;
  const lis = ids(m.publisherCustomLegitimateInterests, 'publisherTC', 'publisherCustomLegitimateInterests', 63).runs;
  const top = Math.max(consents[consents.length - 1] ?? 0, lis[lis.length - 1] ?? 0);
  const given = m.numCustomPurposes;
  // The reference writes the largest custom purpose id here; a larger declared count is kept.
  const n = given === undefined ? top : int(given, 'publisherTC', 'numCustomPurposes', 0, 63);
  if (n < top) throw invalid('publisherTC', 'numCustomPurposes', `is ${n}, below the largest custom purpose id ${top}`);
  w.u(n, 6);
  w.flags(consents, n);
  w.flags(lis, n);
}

/**
 * An IdSet, from this copy of tcstring or another (ESM and CommonJS builds side by side): known by
 * its fields, not `instanceof`, so a decoded set keeps its layout either way. Its fields are
 * checked before use (idSetRuns, isBitfieldView), so a forged one gives INVALID_VALUE.
 */
function isIdSet(v: unknown): v is IdSet {
  return v instanceof IdSet || (typeof v === 'object' && v !== null && '_runs' in v && '_src' in v && '_maxVendorId' in v && '_rangeEncoding' in v);
}

/** A decoded bitfield whose bits can be copied: the shape `decode` makes, checked. */
function isBitfieldView(v: IdSet): boolean {
  const src = v._src;
  return typeof src === 'string' && v._runs === null && Number.isInteger(v._offset) && Number.isInteger(v._bits) && v._offset >= 0 && v._bits >= 0 && v._bits <= MAX_ID && v._offset + v._bits <= src.length * 6;
}

/** Bits of range entries for `runs`: 17 for a single id, 33 for a range. */
function entryBits(runs: readonly number[]): number {
  let bits = 0;
  for (let i = 0; i < runs.length; i += 2) bits += runs[i] === runs[i + 1] ? 17 : 33;
  return bits;
}

/**
 * The reference's bitfield-or-range choice (shared/tcf-format.md §5.1, closed form): with maximal
 * runs e1..ek and M = max id, range iff M > 45 and 29 + C < 17 + M, where C counts 16 for each
 * earlier single, 33 for each earlier run, and 17 for ek if it is a run. Ties go to the bitfield.
 */
function referencePicksRange(runs: readonly number[], max: number): boolean {
  if (max <= 45) return false;
  let c = 0;
  const last = runs.length - 2;
  for (let i = 0; i < last; i += 2) c += runs[i] === runs[i + 1] ? 16 : 33;
  if (runs[last] !== runs[last + 1]) c += 17;
  return 29 + c < 17 + max;
}

function writeVendorVector(w: BitWriter, v: unknown, segment: SegmentName, field: string, opts: EncodeOptions): void {
  if (isIdSet(v) && isBitfieldView(v) && v._rangeEncoding === 0 && v._maxVendorId === v._bits && opts.vectorEncoding === 'auto') {
    // A decoded bitfield kept as it was written: MaxVendorId, IsRangeEncoding 0, its bits.
    w.u(v._bits * 2, 17);
    w.copyBits(v._src!, v._offset, v._bits);
    return;
  }
  const set = ids(v, segment, field, MAX_ID);
  const runs = set.runs;
  const top = runs.length > 0 ? runs[runs.length - 1]! : 0;
  const keep = opts.vectorEncoding === 'auto' && set.maxVendorId >= 0;
  const max = keep ? Math.max(set.maxVendorId, top) : top;
  let range: boolean;
  if (keep) range = set.rangeEncoding === 1;
  else if (opts.vectorEncoding === 'shortest') range = 12 + entryBits(runs) < max;
  else range = referencePicksRange(runs, max);
  // NumEntries has 12 bits: more runs than that can only be a bitfield.
  if (runs.length / 2 > MAX_ENTRIES) range = false;
  w.u(max * 2 + (range ? 1 : 0), 17);
  if (range) writeEntries(w, runs);
  else w.flags(runs, max);
}

function writeEntries(w: BitWriter, runs: readonly number[]): void {
  w.u(runs.length / 2, 12);
  for (let i = 0; i < runs.length; i += 2) {
    // IsARange and StartOrOnlyVendorId in one write.
    const single = runs[i] === runs[i + 1];
    w.u((single ? 0 : 65536) + runs[i]!, 17);
    if (!single) w.u(runs[i + 1]!, 16);
  }
}

/**
 * Regroups restricted ids as the reference does when it has a GVL (shared/tcf-format.md §6): an
 * entry goes on to the next restricted id when no GVL vendor lies strictly between them. Its
 * quirk is kept too: past the last GVL id at or below the largest restricted id (`top`), no
 * entry goes on, so every id there is a single.
 */
function spanGaps(runs: readonly number[], gvl: readonly number[]): number[] {
  if (runs.length === 0) return [];
  const last = runs[runs.length - 1]!;
  // `gvl` is sorted: the ids up to `last` are its first `count`.
  let count = 0;
  while (count < gvl.length && gvl[count]! <= last) count++;
  const sorted = gvl.length === count ? gvl : gvl.slice(0, count);
  const top = sorted.length > 0 ? sorted[sorted.length - 1]! : 0;
  // Smallest GVL id greater than `id`; only asked for id < top, so one exists.
  const nextGvl = (id: number): number => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= id) lo = mid + 1;
      else hi = mid;
    }
    return sorted[lo]!;
  };
  const out: number[] = [];
  let open = false;
  for (let i = 0; i < runs.length; i += 2) {
    const s = runs[i]!;
    const e = runs[i + 1]!;
    if (!(open && s <= nextGvl(out[out.length - 1]!))) out.push(s, s);
    const at = out.length - 1;
    out[at] = s >= top ? s : Math.min(e, top);
    for (let id = Math.max(s, top) + 1; id <= e; id++) out.push(id, id);
    open = e < top;
  }
  return out;
}

function writeRestrictions(w: BitWriter, v: unknown, gvl: ReadonlySet<number> | readonly number[] | undefined): void {
  if (v === undefined) {
    w.u(0, 12);
    return;
  }
  if (!Array.isArray(v)) throw invalid('core', 'publisherRestrictions', `must be an array, got ${describe(v)}`);
  const count = v.length;
  if (count > MAX_ENTRIES) throw invalid('core', 'publisherRestrictions', `has ${count} entries, over the ${MAX_ENTRIES} a string can hold`);
  // The GVL's ids, sorted once for every restriction.
  const gvlIds = gvl === undefined ? null : Array.from(gvl).filter((id) => Number.isInteger(id) && id >= 1 && id <= MAX_ID).sort((a, b) => a - b);
  w.u(count, 12);
  for (let i = 0; i < count; i++) {
    const field = `publisherRestrictions[${i}]`;
    const entry = v[i] as unknown;
    if (typeof entry !== 'object' || entry === null) throw invalid('core', field, `must be an object, got ${describe(entry)}`);
    const e = fields(entry, RESTRICTION_KEYS, field);
    uint(w, e.purposeId, `${field}.purposeId`, 6, undefined, 1);
    uint(w, e.restrictionType, `${field}.restrictionType`, 2, undefined, 0, 2);
    const given = ids(e.vendorIds, 'core', `${field}.vendorIds`, MAX_ID).runs;
    const runs = gvlIds === null ? given : spanGaps(given, gvlIds);
    if (runs.length / 2 > MAX_ENTRIES) {
      throw invalid('core', `${field}.vendorIds`, `needs ${runs.length / 2} range entries, over the ${MAX_ENTRIES} a string can hold`);
    }
    writeEntries(w, runs);
  }
}
