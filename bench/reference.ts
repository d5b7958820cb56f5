// Bridges to the reference implementation (@iabtechlabtcf/core) for the benchmarks: a decoded
// view both libraries can be compared on, and the reference's bare bit packing.
import { GVL, SegmentEncoder, TCModel as RefModel, TCString } from '@iabtechlabtcf/core';
import type { TCModel } from '../src/index.js';
import { ID_SET_FIELDS, SCALAR_FIELDS } from '../test/fields.js';

/** What both decoders must agree on: scalars, dates in ms, every id set as a sorted array. */
export interface View {
  scalars: Record<string, unknown>;
  sets: Record<string, number[]>;
  restrictions: string[];
}

export function ourView(tc: TCModel): View {
  const scalars: Record<string, unknown> = { created: tc.created.getTime(), lastUpdated: tc.lastUpdated.getTime() };
  for (const k of SCALAR_FIELDS) scalars[k] = tc[k];
  const sets: Record<string, number[]> = {};
  for (const k of ID_SET_FIELDS) sets[k] = tc[k].toArray();
  // The reference merges entries of the same (purpose, type); so does this view.
  const merged = new Map<string, Set<number>>();
  for (const r of tc.publisherRestrictions) {
    const key = `${r.purposeId}-${r.restrictionType}`;
    const set = merged.get(key) ?? new Set<number>();
    for (const id of r.vendorIds) set.add(id);
    merged.set(key, set);
  }
  return { scalars, sets, restrictions: restrictionLines(merged) };
}

function restrictionLines(merged: Map<string, Set<number>>): string[] {
  return [...merged].map(([k, ids]) => `${k}:${[...ids].sort((a, b) => a - b).join(',')}`).sort();
}

interface RefVector {
  values(): IterableIterator<number>;
}

export function refView(m: RefModel): View {
  const any = m as unknown as Record<string, unknown>;
  const scalars: Record<string, unknown> = {
    created: (m.created as Date).getTime(),
    lastUpdated: (m.lastUpdated as Date).getTime(),
  };
  for (const k of SCALAR_FIELDS) scalars[k] = any[k];
  const sets: Record<string, number[]> = {};
  for (const k of ID_SET_FIELDS) sets[k] = [...(any[k] as RefVector).values()].sort((a, b) => a - b);
  const merged = new Map<string, Set<number>>();
  for (const pr of m.publisherRestrictions.getRestrictions()) {
    merged.set(`${pr.purposeId}-${pr.restrictionType}`, new Set(m.publisherRestrictions.getVendors(pr)));
  }
  return { scalars, sets, restrictions: restrictionLines(merged) };
}

/**
 * The reference's bare bit packing: SegmentEncoder.encode per segment, no GVL and so no
 * semantic changes. Its restriction encoder needs `gvl.vendorIds`; a stub that holds every id
 * makes it group strictly consecutive ids, like tcstring without a GVL.
 */
export function refBareEncode(m: RefModel, segments: readonly string[]): string {
  if (!m.publisherRestrictions.isEmpty()) {
    (m.publisherRestrictions as unknown as { gvl: unknown }).gvl = { vendorIds: { has: () => true } };
  }
  return segments.map((segment) => SegmentEncoder.encode(m, segment as never)).join('.');
}

export function refDecode(s: string): RefModel {
  return TCString.decode(s);
}

/** A GVL declaring every vendor 1..maxId with the usual purposes, for the full reference encode. */
export function syntheticGvl(maxId: number): GVL {
  const named = (ids: number[]) => Object.fromEntries(ids.map((id) => [id, { id, name: `#${id}`, description: '' }]));
  const vendors: Record<number, unknown> = {};
  for (let id = 1; id <= maxId; id++) {
    vendors[id] = {
      id,
      name: `Vendor ${id}`,
      purposes: [1, 3, 4],
      legIntPurposes: [2, 7, 8, 9, 10],
      flexiblePurposes: [2, 7],
      specialPurposes: [1],
      features: [],
      specialFeatures: [],
      usesCookies: true,
      cookieRefresh: false,
      usesNonCookieAccess: false,
    };
  }
  return new GVL({
    gvlSpecificationVersion: 3,
    vendorListVersion: 140,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-03-01T00:00:00Z',
    purposes: named([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    specialPurposes: named([1, 2]),
    features: named([1, 2, 3]),
    specialFeatures: named([1, 2]),
    stacks: {},
    dataCategories: {},
    vendors,
  } as never);
}
