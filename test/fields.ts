// Field lists of the model for tests and benchmarks, derived from src/layout.ts (the one list).
import { ID_SET_FIELDS, MODEL_KEYS } from '../src/layout.js';

export { ID_SET_FIELDS, MODEL_KEYS };

type Key = (typeof MODEL_KEYS)[number];
const NOT_SCALAR: readonly Key[] = [...ID_SET_FIELDS, 'created', 'lastUpdated', 'publisherRestrictions', 'segments'];

/** The plain-valued fields (numbers, booleans, letters): every key but dates, sets, restrictions and segments. */
export const SCALAR_FIELDS = MODEL_KEYS.filter((k) => !NOT_SCALAR.includes(k)) as readonly Exclude<
  Key,
  (typeof ID_SET_FIELDS)[number] | 'created' | 'lastUpdated' | 'publisherRestrictions' | 'segments'
>[];
