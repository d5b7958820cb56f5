import { decode } from './decode.js';
import { encode } from './encode.js';
import { TCStringError } from './errors.js';
import type { TCModel, TCModelInput } from './model.js';

/** Whether `x` is a decoded model (its sets are IdSets, its dates Dates), from any copy of tcstring. */
function isDecoded(x: object): x is TCModel {
  const m = x as Record<string, unknown>;
  const set = m.vendorConsents as { forEachRun?: unknown } | undefined;
  return m.created instanceof Date && typeof set === 'object' && set !== null && typeof set.forEachRun === 'function';
}

/**
 * A decoded model from a TC string, a decoded model, or any model `encode` accepts (such as the
 * JSON form): the last goes through encode and decode, so it is checked as strictly as a string.
 * @throws {TCStringError}
 */
export function asModel(x: TCModel | TCModelInput | string): TCModel {
  if (typeof x === 'string') return decode(x);
  if (typeof x !== 'object' || x === null) {
    throw new TCStringError('INVALID_INPUT', `expected a TC string or a model, got ${x === null ? 'null' : typeof x}`);
  }
  return isDecoded(x) ? x : decode(encode(x));
}
