import { TCStringError } from './errors.js';
import { describe, own } from './untrusted.js';

/** A purpose, special purpose, feature or special feature of a Global Vendor List. */
export interface GVLEntry {
  readonly id: number;
  /** Its English name in the GVL; `''` when the GVL has none. */
  readonly name: string;
}

/** One vendor of a Global Vendor List: what it declared, sorted ascending and deduplicated. */
export interface GVLVendor {
  readonly id: number;
  /** `''` when the GVL has none. */
  readonly name: string;
  /** Purposes declared under consent. */
  readonly purposes: readonly number[];
  /** Purposes declared under legitimate interest. */
  readonly legIntPurposes: readonly number[];
  /** Purposes whose legal basis a publisher restriction (type 1 or 2) may switch. */
  readonly flexiblePurposes: readonly number[];
  readonly specialPurposes: readonly number[];
  readonly features: readonly number[];
  readonly specialFeatures: readonly number[];
  /** When the vendor was deleted from the list (the GVL's string, unparsed), or null. */
  readonly deletedDate: string | null;
}

/** A validated, frozen Global Vendor List (GVL specification version 2 or 3). */
export interface GlobalVendorList {
  /** 2 for TCF 2.0/2.1 lists (policy versions 2–3), 3 for TCF 2.2+ lists (policy version 4+). */
  readonly gvlSpecificationVersion: 2 | 3;
  readonly vendorListVersion: number;
  readonly tcfPolicyVersion: number;
  /** The GVL's `lastUpdated` string, unparsed, or null. */
  readonly lastUpdated: string | null;
  /** Ascending by id. */
  readonly purposes: readonly GVLEntry[];
  readonly specialPurposes: readonly GVLEntry[];
  readonly features: readonly GVLEntry[];
  readonly specialFeatures: readonly GVLEntry[];
  /** Every vendor by id, deleted ones included (they carry a `deletedDate`). Null prototype. */
  readonly vendors: Readonly<Record<number, GVLVendor>>;
  /**
   * The ids of `vendors`, ascending, deleted vendors included (as the reference's
   * `GVL.vendorIds`). A `Set`, so it can be passed as `encode`'s `gvlVendorIds`; it cannot be
   * changed (`add`, `delete` and `clear` throw a TypeError, as a frozen object's setters do).
   */
  readonly vendorIds: ReadonlySet<number>;
}

/**
 * Limits that bound the work on untrusted input. A TC string can hold vendor ids up to 65535,
 * purposes up to 24 (PurposesConsent), special features up to 12 (SpecialFeatureOptIns); special
 * purposes and features never appear in a string, so 63 is a generous bound for them.
 */
const MAX_VENDOR_ID = 65535;
const MAX_PURPOSE_ID = 24;
const MAX_SPECIAL_FEATURE_ID = 12;
const MAX_OTHER_ID = 63;
/** Longest declaration array read: ids must be distinct GVL ids (at most 63), so 256 is plenty. */
const MAX_DECLARATIONS = 256;
/** Longest `name` kept, in characters; longer names are cut (they only feed human output). */
const MAX_NAME = 1024;

/** A vendor's declaration arrays, each with the GVL map its ids must come from. */
const DECLARATIONS = {
  purposes: 'purposes',
  legIntPurposes: 'purposes',
  flexiblePurposes: 'purposes',
  specialPurposes: 'specialPurposes',
  features: 'features',
  specialFeatures: 'specialFeatures',
} as const;

type Declaration = keyof typeof DECLARATIONS;
type Kind = (typeof DECLARATIONS)[Declaration];

const MAX_ID: Record<Kind, number> = {
  purposes: MAX_PURPOSE_ID,
  specialPurposes: MAX_OTHER_ID,
  features: MAX_OTHER_ID,
  specialFeatures: MAX_SPECIAL_FEATURE_ID,
};

/** A `Set` that refuses changes once built, so a frozen GVL stays frozen. */
class FrozenIdSet extends Set<number> {
  private locked = false;

  constructor(ids: readonly number[]) {
    super();
    for (const id of ids) super.add(id);
    this.locked = true;
    Object.freeze(this);
  }

  override add(id: number): this {
    if (this.locked) throw new TypeError('GlobalVendorList.vendorIds is read-only');
    return super.add(id);
  }

  override delete(_id: number): boolean {
    throw new TypeError('GlobalVendorList.vendorIds is read-only');
  }

  override clear(): void {
    throw new TypeError('GlobalVendorList.vendorIds is read-only');
  }
}

function fail(path: string, message: string): TCStringError {
  return new TCStringError('INVALID_VALUE', message, { field: path });
}

function isPlainObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function integer(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw fail(path, `must be an integer in ${min}–${max}, got ${describe(v)}`);
  }
  return v;
}

function optionalString(v: unknown, path: string): string | null {
  if (v === undefined) return null;
  if (typeof v !== 'string') throw fail(path, `must be a string, got ${describe(v)}`);
  return v;
}

function name(o: object, path: string): string {
  const n = optionalString(own(o, 'name'), `${path}.name`) ?? '';
  return n.length > MAX_NAME ? n.slice(0, MAX_NAME) : n;
}

/**
 * The id a key of an id-keyed map stands for: a canonical decimal integer ("12", never "012" or
 * "1e1"). `__proto__` keys, which JSON.parse creates as own properties, are skipped (null).
 */
function keyId(key: string, path: string, max: number): number | null {
  if (key === '__proto__') return null;
  if (!/^[1-9][0-9]{0,4}$/.test(key) || Number(key) > max) {
    throw fail(`${path}.${key}`, `key must be an id in 1–${max}`);
  }
  return Number(key);
}

/** Reads an id-keyed map of purposes (or features): `{ "1": { id: 1, name, … }, … }`. */
function entries(json: object, field: string, max: number): GVLEntry[] {
  const path = `gvl.${field}`;
  const map = own(json, field);
  if (!isPlainObject(map)) throw fail(path, `must be an object keyed by id, got ${describe(map)}`);
  const out: GVLEntry[] = [];
  for (const key of Object.keys(map)) {
    const id = keyId(key, path, max);
    if (id === null) continue;
    const item = own(map, key);
    const at = `${path}.${key}`;
    if (!isPlainObject(item)) throw fail(at, `must be an object, got ${describe(item)}`);
    if (integer(own(item, 'id'), `${at}.id`, 1, max) !== id) throw fail(`${at}.id`, `must equal its key ${id}`);
    out.push(Object.freeze({ id, name: name(item, at) }));
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Reads one declaration array of a vendor; for a live vendor every id must exist in the GVL. */
function declaration(v: unknown, path: string, known: ReadonlySet<number> | null, max: number): readonly number[] {
  if (!Array.isArray(v)) throw fail(path, `must be an array of ids, got ${describe(v)}`);
  if (v.length > MAX_DECLARATIONS) throw fail(path, `has ${v.length} elements, over the limit of ${MAX_DECLARATIONS}`);
  const ids = new Set<number>();
  for (let i = 0; i < v.length; i++) {
    const id = integer(v[i] as unknown, `${path}[${i}]`, 1, max);
    if (known !== null && !known.has(id)) throw fail(`${path}[${i}]`, `${id} is not declared in the GVL`);
    ids.add(id);
  }
  return Object.freeze(Array.from(ids).sort((a, b) => a - b));
}

/**
 * Parses and validates a Global Vendor List (the JSON object a caller has already parsed; the
 * library never fetches anything). GVL specification versions 2 (TCF 2.0/2.1) and 3 (TCF 2.2+)
 * are read alike: only the fields that legal-basis decisions and `applyPolicy` use are kept.
 *
 * What is checked, each failure naming its path (`gvl.vendors.12.purposes[3]`):
 * - `gvlSpecificationVersion` is 2 or 3; `vendorListVersion` is 1–4095 and `tcfPolicyVersion`
 *   0–63 (the widths of the TC string fields that carry them);
 * - `purposes`, `specialPurposes`, `features`, `specialFeatures` and `vendors` are objects keyed
 *   by canonical ids whose entries carry the same `id`; purpose ids are at most 24 and special
 *   feature ids at most 12 (what a TC string can signal), vendor ids at most 65535;
 * - each live vendor's declarations are arrays of ids the GVL declares, and no purpose is
 *   declared under both consent and legitimate interest; a missing `flexiblePurposes` reads as
 *   `[]`; a deleted vendor (any string `deletedDate`) may omit its declarations;
 * - `name`s and `lastUpdated`, when present, are strings.
 *
 * Untrusted input is safe: only own properties are read, `__proto__` keys are ignored, nothing
 * is copied by key into an object with a prototype, and arrays longer than the bounds above are
 * refused before they are walked. Other fields (stacks, data categories, URLs…) are ignored.
 *
 * @throws {TCStringError} INVALID_VALUE, with `field` the path of the offending value.
 * @example
 * const gvl = parseGVL(JSON.parse(fs.readFileSync('vendor-list.json', 'utf8')));
 * gvl.vendors[8]?.legIntPurposes; // [2, 7, 8, 9]
 */
export function parseGVL(json: unknown): GlobalVendorList {
  if (!isPlainObject(json)) throw fail('gvl', `must be an object (the parsed vendor-list JSON), got ${describe(json)}`);
  const spec = own(json, 'gvlSpecificationVersion');
  if (spec !== 2 && spec !== 3) {
    throw fail('gvl.gvlSpecificationVersion', `must be 2 or 3 (GVL v1 and unknown versions are not supported), got ${describe(spec)}`);
  }
  const vendorListVersion = integer(own(json, 'vendorListVersion'), 'gvl.vendorListVersion', 1, 4095);
  const tcfPolicyVersion = integer(own(json, 'tcfPolicyVersion'), 'gvl.tcfPolicyVersion', 0, 63);
  const lastUpdated = optionalString(own(json, 'lastUpdated'), 'gvl.lastUpdated');
  const purposes = entries(json, 'purposes', MAX_ID.purposes);
  const specialPurposes = entries(json, 'specialPurposes', MAX_ID.specialPurposes);
  const features = entries(json, 'features', MAX_ID.features);
  const specialFeatures = entries(json, 'specialFeatures', MAX_ID.specialFeatures);
  const known: Record<Kind, ReadonlySet<number>> = {
    purposes: new Set(purposes.map((e) => e.id)),
    specialPurposes: new Set(specialPurposes.map((e) => e.id)),
    features: new Set(features.map((e) => e.id)),
    specialFeatures: new Set(specialFeatures.map((e) => e.id)),
  };

  const map = own(json, 'vendors');
  if (!isPlainObject(map)) throw fail('gvl.vendors', `must be an object keyed by vendor id, got ${describe(map)}`);
  const vendors = Object.create(null) as Record<number, GVLVendor>;
  const ids: number[] = [];
  for (const key of Object.keys(map)) {
    const id = keyId(key, 'gvl.vendors', MAX_VENDOR_ID);
    if (id === null) continue;
    const at = `gvl.vendors.${key}`;
    const v = own(map, key);
    if (!isPlainObject(v)) throw fail(at, `must be an object, got ${describe(v)}`);
    if (integer(own(v, 'id'), `${at}.id`, 1, MAX_VENDOR_ID) !== id) throw fail(`${at}.id`, `must equal its key ${id}`);
    const deletedDate = optionalString(own(v, 'deletedDate'), `${at}.deletedDate`);
    const live = deletedDate === null;
    const decl = {} as Record<Declaration, readonly number[]>;
    for (const field of Object.keys(DECLARATIONS) as Declaration[]) {
      const kind = DECLARATIONS[field];
      const value = own(v, field);
      // The GVL specification requires every array; a missing flexiblePurposes (older lists)
      // and anything missing on a deleted vendor read as empty, since no decision uses them.
      decl[field] =
        value === undefined && (field === 'flexiblePurposes' || !live)
          ? Object.freeze([])
          : declaration(value, `${at}.${field}`, live ? known[kind] : null, MAX_ID[kind]);
    }
    if (live) {
      for (const p of decl.legIntPurposes) {
        if (decl.purposes.indexOf(p) >= 0) {
          throw fail(`${at}.legIntPurposes`, `purpose ${p} is declared under both consent and legitimate interest`);
        }
      }
    }
    vendors[id] = Object.freeze({ id, name: name(v, at), ...decl, deletedDate });
    ids.push(id);
  }
  ids.sort((a, b) => a - b);
  const gvl: GlobalVendorList = Object.freeze({
    gvlSpecificationVersion: spec,
    vendorListVersion,
    tcfPolicyVersion,
    lastUpdated,
    purposes: Object.freeze(purposes),
    specialPurposes: Object.freeze(specialPurposes),
    features: Object.freeze(features),
    specialFeatures: Object.freeze(specialFeatures),
    vendors: Object.freeze(vendors),
    vendorIds: new FrozenIdSet(ids),
  });
  PARSED.add(gvl);
  return gvl;
}

/** The GVLs parseGVL made: decide and applyPolicy take nothing else (raw JSON is a likely slip). */
const PARSED: WeakSet<object> = /* @__PURE__ */ new WeakSet();

/** Throws INVALID_VALUE unless `gvl` came from parseGVL. */
export function checkGVL(gvl: unknown): asserts gvl is GlobalVendorList {
  if (typeof gvl !== 'object' || gvl === null || !PARSED.has(gvl)) {
    throw new TCStringError('INVALID_VALUE', 'must be the result of parseGVL(json), not the vendor-list JSON itself', { field: 'gvl' });
  }
}
