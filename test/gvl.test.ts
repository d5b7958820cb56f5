/**
 * parseGVL: the fixtures (GVL spec v3 and v2) read as the reference's GVL reads them, every
 * validation rule fails with INVALID_VALUE naming its path, hostile JSON is harmless, and the
 * result is frozen.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { GVL } from '@iabtechlabtcf/core';
import { isTCStringError } from '../src/index.js';
import { parseGVL } from '../src/gvl.js';
import { gvlJSONArb, type GVLJSON } from './gvl-arbitraries.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/gvl/${name}`, import.meta.url), 'utf8');
const v3 = () => JSON.parse(text('v3-small.json')) as GVLJSON & Record<string, unknown>;
const v2 = () => JSON.parse(text('v2-small.json')) as GVLJSON & Record<string, unknown>;

afterEach(() => {
  GVL.emptyCache();
});

function fieldOfError(json: unknown): string | null {
  try {
    parseGVL(json);
  } catch (e) {
    if (!isTCStringError(e)) throw e;
    expect(e.code).toBe('INVALID_VALUE');
    return e.field;
  }
  return null;
}

describe('parseGVL: fixtures', () => {
  it('reads the v3 fixture', () => {
    const gvl = parseGVL(v3());
    expect(gvl.gvlSpecificationVersion).toBe(3);
    expect(gvl.vendorListVersion).toBe(150);
    expect(gvl.tcfPolicyVersion).toBe(5);
    expect(gvl.lastUpdated).toBe('2026-01-15T16:00:00Z');
    expect(gvl.purposes.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(gvl.purposes[10]!.name).toBe('Use limited data to select content');
    expect(gvl.specialPurposes.map((p) => p.id)).toEqual([1, 2]);
    expect(gvl.features.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(gvl.specialFeatures.map((p) => p.id)).toEqual([1, 2]);
    expect([...gvl.vendorIds]).toEqual([1, 2, 3, 4, 5, 8, 10, 12, 15, 23]);
    expect(gvl.vendors[3]).toEqual({
      id: 3,
      name: 'Flexible Exchange',
      purposes: [1, 3, 4, 7],
      legIntPurposes: [2, 8, 9, 10],
      flexiblePurposes: [2, 7, 9],
      specialPurposes: [1, 2],
      features: [1, 2],
      specialFeatures: [1, 2],
      deletedDate: null,
    });
    expect(gvl.vendors[5]!.deletedDate).toBe('2025-04-01T00:00:00Z');
    expect(gvl.vendors[6]).toBeUndefined();
  });

  it('reads the v2 fixture (purposes 1–10, LI on purposes 3–6 allowed then)', () => {
    const gvl = parseGVL(v2());
    expect(gvl.gvlSpecificationVersion).toBe(2);
    expect(gvl.tcfPolicyVersion).toBe(2);
    expect(gvl.purposes.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(gvl.vendors[1]!.legIntPurposes).toEqual([2, 3, 4, 5, 6, 7]);
    expect([...gvl.vendorIds]).toEqual([1, 2, 3, 7, 9]);
  });

  it('agrees with the reference GVL: vendorIds (deleted included), live vendors and their declarations', () => {
    const check = (json: GVLJSON) => {
      const ours = parseGVL(json);
      const ref = new GVL(JSON.parse(JSON.stringify(json)) as ConstructorParameters<typeof GVL>[0]);
      expect(ref.isReady).toBe(true);
      expect([...ours.vendorIds]).toEqual([...ref.vendorIds]);
      const live = [...ours.vendorIds].filter((id) => ours.vendors[id]!.deletedDate === null);
      expect(live).toEqual(Object.keys(ref.vendors).map(Number));
      for (const id of live) {
        const a = ours.vendors[id]!;
        const b = ref.vendors[id]!;
        for (const key of ['purposes', 'legIntPurposes', 'flexiblePurposes', 'specialPurposes', 'features', 'specialFeatures'] as const) {
          expect(a[key]).toEqual([...b[key]].sort((x, y) => x - y));
        }
      }
      expect(ours.vendorListVersion).toBe(ref.vendorListVersion);
      expect(ours.tcfPolicyVersion).toBe(ref.tcfPolicyVersion);
    };
    check(v3());
    check(v2());
    fc.assert(fc.property(gvlJSONArb, check), { numRuns: 200 });
  });

  it('is frozen, and its vendorIds cannot change', () => {
    const gvl = parseGVL(v3());
    expect(Object.isFrozen(gvl)).toBe(true);
    expect(Object.isFrozen(gvl.vendors)).toBe(true);
    expect(Object.isFrozen(gvl.vendors[1])).toBe(true);
    expect(Object.isFrozen(gvl.vendors[1]!.purposes)).toBe(true);
    expect(Object.isFrozen(gvl.purposes)).toBe(true);
    expect(Object.isFrozen(gvl.purposes[0])).toBe(true);
    expect(gvl.vendorIds instanceof Set).toBe(true);
    const ids = gvl.vendorIds as Set<number>;
    expect(() => ids.add(99)).toThrow(TypeError);
    expect(() => ids.delete(1)).toThrow(TypeError);
    expect(() => ids.clear()).toThrow(TypeError);
    expect(gvl.vendorIds.size).toBe(10);
  });

  it('does not change the JSON it is given', () => {
    const json = v3();
    const before = JSON.stringify(json);
    parseGVL(json);
    expect(JSON.stringify(json)).toBe(before);
  });
});

describe('parseGVL: lenient where the GVL specification is', () => {
  it('reads a missing flexiblePurposes as []', () => {
    const json = v3();
    delete (json.vendors['1'] as Partial<GVLJSON['vendors'][string]>).flexiblePurposes;
    expect(parseGVL(json).vendors[1]!.flexiblePurposes).toEqual([]);
  });

  it('lets a deleted vendor omit its declarations and keep stale ones', () => {
    const json = v3();
    const deleted = json.vendors['5'] as Partial<GVLJSON['vendors'][string]>;
    delete deleted.purposes;
    deleted.legIntPurposes = [1, 2]; // overlapping and stale: not checked for a deleted vendor
    deleted.specialFeatures = [9];
    const v = parseGVL(json).vendors[5]!;
    expect(v.purposes).toEqual([]);
    expect(v.legIntPurposes).toEqual([1, 2]);
  });

  it('sorts and deduplicates declarations, defaults names, ignores other fields', () => {
    const json = v3();
    json.vendors['1']!.purposes = [7, 1, 2, 2, 4, 3];
    delete (json.vendors['1'] as Partial<GVLJSON['vendors'][string]>).name;
    const v = parseGVL(json).vendors[1]!;
    expect(v.purposes).toEqual([1, 2, 3, 4, 7]);
    expect(v.name).toBe('');
  });

  it('cuts names over 1024 characters', () => {
    const json = v3();
    json.vendors['1']!.name = 'x'.repeat(5000);
    expect(parseGVL(json).vendors[1]!.name.length).toBe(1024);
  });
});

describe('parseGVL: validation', () => {
  type Mutation = [string, (j: GVLJSON & Record<string, unknown>) => unknown, string];
  const mutations: Mutation[] = [
    ['not an object', () => 'vendor-list.json', 'gvl'],
    ['an array', () => [], 'gvl'],
    ['GVL v1 (no spec version)', (j) => ({ ...j, gvlSpecificationVersion: undefined }), 'gvl.gvlSpecificationVersion'],
    ['unknown spec version', (j) => ({ ...j, gvlSpecificationVersion: 4 }), 'gvl.gvlSpecificationVersion'],
    ['vendorListVersion 0', (j) => ({ ...j, vendorListVersion: 0 }), 'gvl.vendorListVersion'],
    ['vendorListVersion too wide', (j) => ({ ...j, vendorListVersion: 4096 }), 'gvl.vendorListVersion'],
    ['tcfPolicyVersion a string', (j) => ({ ...j, tcfPolicyVersion: '5' }), 'gvl.tcfPolicyVersion'],
    ['lastUpdated a number', (j) => ({ ...j, lastUpdated: 5 }), 'gvl.lastUpdated'],
    ['purposes missing', (j) => ({ ...j, purposes: undefined }), 'gvl.purposes'],
    ['purposes an array', (j) => ({ ...j, purposes: [] }), 'gvl.purposes'],
    ['purpose key not canonical', (j) => ({ ...j, purposes: { ...j.purposes, '012': { id: 12, name: 'x' } } }), 'gvl.purposes.012'],
    ['purpose key over 24', (j) => ({ ...j, purposes: { ...j.purposes, '25': { id: 25, name: 'x' } } }), 'gvl.purposes.25'],
    ['purpose id differs from key', (j) => ({ ...j, purposes: { ...j.purposes, '11': { id: 10, name: 'x' } } }), 'gvl.purposes.11.id'],
    ['purpose not an object', (j) => ({ ...j, purposes: { ...j.purposes, '11': 11 } }), 'gvl.purposes.11'],
    ['purpose name a number', (j) => ({ ...j, purposes: { ...j.purposes, '11': { id: 11, name: 11 } } }), 'gvl.purposes.11.name'],
    ['special feature over 12', (j) => ({ ...j, specialFeatures: { ...j.specialFeatures, '13': { id: 13, name: 'x' } } }), 'gvl.specialFeatures.13'],
    ['vendors missing', (j) => ({ ...j, vendors: undefined }), 'gvl.vendors'],
    ['vendor key not a number', (j) => ({ ...j, vendors: { ...j.vendors, abc: j.vendors['1'] } }), 'gvl.vendors.abc'],
    ['vendor key over 65535', (j) => ({ ...j, vendors: { ...j.vendors, '65536': { ...j.vendors['1'], id: 65536 } } }), 'gvl.vendors.65536'],
    ['vendor id differs from key', (j) => ({ ...j, vendors: { ...j.vendors, '9': j.vendors['1'] } }), 'gvl.vendors.9.id'],
    ['vendor null', (j) => ({ ...j, vendors: { ...j.vendors, '9': null } }), 'gvl.vendors.9'],
    ['vendor purposes missing', (j) => ({ ...j, vendors: { ...j.vendors, '1': { ...j.vendors['1'], purposes: undefined } } }), 'gvl.vendors.1.purposes'],
    ['vendor purposes not an array', (j) => ({ ...j, vendors: { ...j.vendors, '1': { ...j.vendors['1'], purposes: { 0: 1 } } } }), 'gvl.vendors.1.purposes'],
    ['vendor purpose a string', (j) => ({ ...j, vendors: { ...j.vendors, '1': { ...j.vendors['1'], purposes: [1, '2'] } } }), 'gvl.vendors.1.purposes[1]'],
    ['vendor purpose unknown to the GVL', (j) => ({ ...j, vendors: { ...j.vendors, '3': { ...j.vendors['3'], purposes: [1, 12] } } }), 'gvl.vendors.3.purposes[1]'],
    ['vendor flexible purpose unknown', (j) => ({ ...j, vendors: { ...j.vendors, '3': { ...j.vendors['3'], flexiblePurposes: [2, 20] } } }), 'gvl.vendors.3.flexiblePurposes[1]'],
    ['vendor special purpose unknown', (j) => ({ ...j, vendors: { ...j.vendors, '4': { ...j.vendors['4'], specialPurposes: [3] } } }), 'gvl.vendors.4.specialPurposes[0]'],
    ['vendor feature unknown', (j) => ({ ...j, vendors: { ...j.vendors, '4': { ...j.vendors['4'], features: [4] } } }), 'gvl.vendors.4.features[0]'],
    ['vendor special feature unknown', (j) => ({ ...j, vendors: { ...j.vendors, '4': { ...j.vendors['4'], specialFeatures: [3] } } }), 'gvl.vendors.4.specialFeatures[0]'],
    ['purpose under both bases', (j) => ({ ...j, vendors: { ...j.vendors, '3': { ...j.vendors['3'], purposes: [1, 2, 3] } } }), 'gvl.vendors.3.legIntPurposes'],
    ['declaration too long', (j) => ({ ...j, vendors: { ...j.vendors, '1': { ...j.vendors['1'], features: new Array(257).fill(1) } } }), 'gvl.vendors.1.features'],
    ['deletedDate not a string', (j) => ({ ...j, vendors: { ...j.vendors, '1': { ...j.vendors['1'], deletedDate: null } } }), 'gvl.vendors.1.deletedDate'],
    ['deleted vendor with a non-array declaration', (j) => ({ ...j, vendors: { ...j.vendors, '5': { ...j.vendors['5'], purposes: 'all' } } }), 'gvl.vendors.5.purposes'],
  ];
  it.each(mutations)('%s → INVALID_VALUE at its path', (_name, mutate, field) => {
    expect(fieldOfError(mutate(v3()))).toBe(field);
  });
});

describe('parseGVL: hostile JSON', () => {
  it('ignores __proto__ keys and pollutes nothing', () => {
    // JSON.parse makes "__proto__" an own property (no prototype change); parseGVL must skip it.
    const hostile = text('v3-small.json')
      .replace('"vendors": {', '"vendors": { "__proto__": { "polluted": true, "id": 1, "purposes": [99] },')
      .replace('"purposes": {', '"purposes": { "__proto__": { "id": 99, "polluted": true },')
      .replace('"gvlSpecificationVersion"', '"__proto__": { "polluted": true }, "gvlSpecificationVersion"');
    const json = JSON.parse(hostile) as Record<string, unknown>;
    expect(Object.keys(json.vendors as object)).toContain('__proto__');
    const gvl = parseGVL(json);
    expect(gvl.purposes.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect([...gvl.vendorIds]).toEqual([1, 2, 3, 4, 5, 8, 10, 12, 15, 23]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(gvl.vendors, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(gvl.vendors)).toBe(null);
  });

  it('never reads inherited properties', () => {
    const proto = { gvlSpecificationVersion: 3, vendorListVersion: 1, tcfPolicyVersion: 5, purposes: {}, specialPurposes: {}, features: {}, specialFeatures: {}, vendors: {} };
    expect(fieldOfError(Object.create(proto))).toBe('gvl.gvlSpecificationVersion');
  });

  it('refuses a 10^6-element declaration before walking it', () => {
    const json = v3();
    // Counted, not timed: a Proxy records every element read.
    let reads = 0;
    json.vendors['1']!.features = new Proxy(new Array(1_000_000).fill(1), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    expect(fieldOfError(json)).toBe('gvl.vendors.1.features');
    expect(reads).toBe(0);
  });

  it('returns a GVL or throws INVALID_VALUE for any mutation of a valid list', () => {
    const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.double(), fc.string(), fc.constant([]), fc.constant({}), fc.array(fc.integer({ min: -2, max: 30 })));
    fc.assert(
      fc.property(gvlJSONArb, fc.array(fc.tuple(fc.nat(), junk), { maxLength: 3 }), (json, edits) => {
        // Replace some value somewhere (top level, a vendor, or one of its fields) by junk.
        const target = json as unknown as Record<string, unknown>;
        for (const [pick, value] of edits) {
          const vendorKeys = typeof json.vendors === 'object' && json.vendors !== null ? Object.keys(json.vendors) : [];
          if (pick % 3 === 0 || vendorKeys.length === 0) {
            const keys = Object.keys(target);
            target[keys[pick % keys.length]!] = value;
          } else {
            const v = json.vendors[vendorKeys[pick % vendorKeys.length]!] as unknown as Record<string, unknown>;
            if (v === null || typeof v !== 'object') continue;
            const keys = Object.keys(v);
            v[keys[(pick >> 2) % keys.length]!] = value;
          }
        }
        try {
          parseGVL(json);
        } catch (e) {
          expect(isTCStringError(e) && e.code === 'INVALID_VALUE' && typeof e.field === 'string' && e.field.startsWith('gvl')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
