import { describe, expect, it } from 'vitest';
import { decode, encode, isTCStringError } from '../src/index.js';

// Source: shared/tcf-format.md §11 V1 (current spec example).
const V1 = 'CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA';

describe('codec smoke', () => {
  it('decodes the spec example and encodes it back byte for byte', () => {
    const tc = decode(V1);
    expect(tc.cmpId).toBe(880);
    expect(tc.created.toISOString()).toBe('2025-06-03T00:00:00.000Z');
    expect(tc.vendorConsents.toArray()).toEqual([1, 2, 3, 4]);
    expect(tc.vendorsDisclosed.toArray()).toEqual([1, 2, 3, 4, 5, 100, 404]);
    expect(tc.segments).toEqual(['core', 'vendorsDisclosed', 'publisherTC']);
    expect(encode(tc)).toBe(V1);
    expect(encode(JSON.parse(JSON.stringify(tc)))).toBe(V1);
  });

  it('names segment, field and bit offset when a field runs past the end', () => {
    let caught: unknown;
    try {
      decode('CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgAC');
    } catch (error) {
      caught = error;
    }
    expect(isTCStringError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'UNEXPECTED_END', segment: 'core', field: 'vendorConsents.maxVendorId', bitOffset: 213 });
    expect((caught as Error).message).toBe('core.vendorConsents.maxVendorId: needs 16 bits at bit 213, 15 left');
  });
});
