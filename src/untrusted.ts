/** Helpers for reading untrusted objects (models, GVL JSON) and naming what was found. */

/** Largest id a set can hold in any field (16-bit vendor ids). */
export const MAX_ID = 65535;
/**
 * Longest id list read from a model: bounds the work an untrusted, huge or sparse array can
 * cause. A literal, not `1 << 20`: bundlers keep an unused shift, not an unused number.
 */
export const MAX_LIST = 1048576;

/**
 * An own property of an untrusted object, never an inherited one such as `constructor`. The value
 * is read first: most reads find one, and only then is it worth asking whose it is.
 */
export function own(o: object, key: string): unknown {
  const v = (o as Record<string, unknown>)[key];
  return v !== undefined && Object.prototype.hasOwnProperty.call(o, key) ? v : undefined;
}

/** A short description of a value for an error message: `number 5000`, `string "ab…"`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value)}`;
  return typeof value;
}
