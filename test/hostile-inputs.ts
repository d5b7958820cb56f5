/**
 * Hostile TC strings, built bit by bit with a writer of our own (not the library's), so the tests
 * and `bench/hostile.ts` do not depend on the code they attack. Layout: shared/tcf-format.md §3–§8.
 */
import { encode } from '../src/index.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** An MSB-first bit writer over a growable byte buffer; deliberately simple. */
export class TestBits {
  private bytes = new Uint8Array(1024);
  /** Bits written so far. */
  length = 0;

  /** Appends the low `n` (<= 32) bits of `value`, most significant first. */
  push(value: number, n: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** n) throw new Error(`${value} does not fit in ${n} bits`);
    for (let i = n - 1; i >= 0; i--) this.bit(Math.floor(value / 2 ** i) % 2);
    return this;
  }

  bit(b: number): this {
    if (this.length >>> 3 >= this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    if (b) this.bytes[this.length >>> 3]! |= 0x80 >> (this.length & 7);
    this.length++;
    return this;
  }

  /** Bit `i` (0 or 1). */
  at(i: number): number {
    return (this.bytes[i >>> 3]! >> (7 - (i & 7))) & 1;
  }

  /** base64url, the last sextet zero-filled; `padTo` 24 pads with zero bits first, as the reference does. */
  toBase64url(padTo: 6 | 24 = 6): string {
    const bits = Math.ceil(this.length / padTo) * padTo;
    let out = '';
    for (let i = 0; i < bits; i += 6) {
      let v = 0;
      for (let j = 0; j < 6; j++) v = v * 2 + (i + j < this.length ? this.at(i + j) : 0);
      out += ALPHABET[v];
    }
    return out;
  }
}

/** Deciseconds of 2025-06-03T00:00:00Z (shared/tcf-format.md §11 V1). */
export const CREATED_DS = 17489088000;

/** The 213 fixed bits of a valid v2 core (§3): CmpId 880, EN, VLV 48, policy 5, PublisherCC DE. */
export function coreHeader(w: TestBits): TestBits {
  w.push(2, 6); // Version
  w.push(CREATED_DS, 36); // Created
  w.push(CREATED_DS, 36); // LastUpdated
  w.push(880, 12); // CmpId
  w.push(1, 12); // CmpVersion
  w.push(0, 6); // ConsentScreen
  w.push(4, 6).push(13, 6); // ConsentLanguage EN
  w.push(48, 12); // VendorListVersion
  w.push(5, 6); // TcfPolicyVersion
  w.push(1, 1); // IsServiceSpecific
  w.push(0, 1); // UseNonStandardTexts
  w.push(0, 12); // SpecialFeatureOptIns
  w.push(0, 24); // PurposesConsent
  w.push(0, 24); // PurposesLITransparency
  w.push(0, 1); // PurposeOneTreatment
  w.push(3, 6).push(4, 6); // PublisherCC DE
  return w;
}

/** A range entry (§4): `[id]` is a single, `[start, end]` a range. */
export type Entry = readonly [number] | readonly [number, number];

/** Writes NumEntries and the entries (§4, §6). */
export function writeEntries(w: TestBits, entries: readonly Entry[]): void {
  w.push(entries.length, 12);
  for (const e of entries) {
    w.push(e.length === 2 ? 1 : 0, 1);
    w.push(e[0], 16);
    if (e.length === 2) w.push(e[1], 16);
  }
}

/** A range-encoded vendor vector (§4) with the given MaxVendorId. */
export function writeRangeVector(w: TestBits, maxVendorId: number, entries: readonly Entry[]): void {
  w.push(maxVendorId, 16);
  w.push(1, 1);
  writeEntries(w, entries);
}

/** The empty vendor vector: MaxVendorId 0, bitfield, no bits (17 zero bits). */
export function writeEmptyVector(w: TestBits): void {
  w.push(0, 17);
}

/** `n` copies of the range entry [1, 65535]. */
export function fullRanges(n: number): Entry[] {
  return Array.from({ length: n }, (): Entry => [1, 65535]);
}

/**
 * Core only: vendor consents = 4,095 range entries each claiming vendors 1–65535 (~22 KB). The
 * reference decoder expands every one of them id by id.
 */
export function hostileVendorRanges(entries = 4095): string {
  const w = coreHeader(new TestBits());
  writeRangeVector(w, 65535, fullRanges(entries));
  writeEmptyVector(w);
  w.push(0, 12); // NumPubRestrictions
  return w.toBase64url(24);
}

/**
 * Core only: 64 publisher restrictions (purposes 1–63, then purpose 1 again, types cycling 0–2),
 * each of 4,095 entries [1, 65535] (~1.4 MB). Needs a raised `maxLength`.
 */
export function hostileRestrictions(restrictions = 64, entries = 4095): string {
  const w = coreHeader(new TestBits());
  writeEmptyVector(w);
  writeEmptyVector(w);
  w.push(restrictions, 12);
  const list = fullRanges(entries);
  for (let i = 0; i < restrictions; i++) {
    w.push((i % 63) + 1, 6); // PurposeId
    w.push(i % 3, 2); // RestrictionType
    writeEntries(w, list);
  }
  return w.toBase64url(24);
}

/**
 * Core only: `n` publisher restrictions (up to 4,095), each one entry [1, 65535]: 53 bits a
 * restriction, so 4,095 of them fit in 36 KB, under the default maxLength, and claim 268 million
 * (restriction, vendor) pairs.
 */
export function manyRestrictions(n: number): string {
  const w = coreHeader(new TestBits());
  writeEmptyVector(w);
  writeEmptyVector(w);
  w.push(n, 12);
  for (let i = 0; i < n; i++) {
    w.push((i % 63) + 1, 6).push(i % 3, 2);
    writeEntries(w, [[1, 65535]]);
  }
  return w.toBase64url(24);
}

/**
 * Overlapping, duplicated, nested and descending entries that all merge into 1–65535, in the
 * vendor consents (range), the vendor LI (range) and one restriction. `n` entries each.
 */
export function overlappingEntries(n = 4095): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; out.length < n; i++) {
    // Descending, overlapping windows that together cover 1..65535, interleaved with duplicates
    // of the full range and singles already inside it.
    const k = i % 4;
    if (k === 0) out.push([1, 65535]);
    else if (k === 1) out.push([Math.max(1, 65535 - 16 * i - 1000), 65535 - 16 * i]);
    else if (k === 2) out.push([(i * 7919) % 65535 + 1]);
    else out.push([32768, 32768 + (i % 1000)]);
  }
  return out;
}

export function hostileOverlapping(n = 4095): string {
  const w = coreHeader(new TestBits());
  const entries = overlappingEntries(n);
  writeRangeVector(w, 65535, entries);
  writeRangeVector(w, 65535, entries.slice().reverse());
  w.push(1, 12);
  w.push(2, 6).push(1, 2);
  writeEntries(w, entries);
  return w.toBase64url(24);
}

/** A small deterministic PRNG (mulberry32) for reproducible inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A typical real-world string (~330 characters): a core whose vendor consents and LI are
 * ~800-vendor bitfields, plus a PublisherTC segment. Deterministic.
 */
export function typicalString(): string {
  const rnd = prng(20250603);
  const consents: number[] = [];
  const lis: number[] = [];
  for (let id = 1; id <= 800; id++) {
    if (rnd() < 0.45) consents.push(id);
    if (rnd() < 0.3) lis.push(id);
  }
  consents.push(800);
  lis.push(790);
  return encode(
    {
      created: '2025-06-03T00:00:00Z',
      lastUpdated: '2025-06-03T00:00:00Z',
      cmpId: 880,
      cmpVersion: 3,
      vendorListVersion: 120,
      policyVersion: 5,
      publisherCountryCode: 'DE',
      specialFeatureOptins: [1, 2],
      purposeConsents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      purposeLegitimateInterests: [2, 7, 8, 9, 10, 11],
      vendorConsents: consents,
      vendorLegitimateInterests: lis,
      publisherConsents: [1, 2, 3],
      publisherLegitimateInterests: [2],
      segments: ['core', 'publisherTC'],
    },
    { vectorEncoding: 'reference' },
  );
}
