/** Names of the segments of a TC string, as they appear in `segments`. */
export type SegmentName = 'core' | 'vendorsDisclosed' | 'vendorsAllowed' | 'publisherTC';

/**
 * Machine-readable reason of a {@link TCStringError}. The README's "Error codes" table lists what
 * triggers each one.
 */
export type TCStringErrorCode =
  | 'INVALID_INPUT'
  | 'INPUT_TOO_LONG'
  | 'INVALID_CHARACTER'
  | 'EMPTY_SEGMENT'
  | 'MISSING_CORE'
  | 'UNSUPPORTED_VERSION'
  | 'TCF_V1_UNSUPPORTED'
  | 'UNKNOWN_SEGMENT_TYPE'
  | 'DUPLICATE_SEGMENT'
  | 'UNEXPECTED_END'
  | 'INVALID_RANGE'
  | 'INVALID_RESTRICTION_TYPE'
  | 'INVALID_PURPOSE_ID'
  | 'INVALID_LETTER'
  | 'TOO_MANY_IDS'
  | 'INVALID_VALUE';

/** Where an error happened. Every member is `null` when it does not apply. */
export interface TCStringErrorDetails {
  /** Segment being read or written. */
  readonly segment?: SegmentName | null;
  /** Field path inside the segment, spelled as the spec spells it in camelCase. */
  readonly field?: string | null;
  /** Bit offset inside the segment (bit 0 is the segment's first bit). */
  readonly bitOffset?: number | null;
  /** Index of the offending character in the whole input string. */
  readonly charIndex?: number | null;
}

const BRAND = '__tcstringError';

/** The only error tcstring throws: a code, and where in the string or model it happened. */
export class TCStringError extends Error {
  readonly code: TCStringErrorCode;
  readonly segment: SegmentName | null;
  readonly field: string | null;
  readonly bitOffset: number | null;
  readonly charIndex: number | null;

  constructor(code: TCStringErrorCode, message: string, details: TCStringErrorDetails = {}) {
    const segment = details.segment ?? null;
    const field = details.field ?? null;
    const where = segment && field ? `${segment}.${field}: ` : field ? `${field}: ` : segment ? `${segment}: ` : '';
    super(where + message);
    this.name = 'TCStringError';
    this.code = code;
    this.segment = segment;
    this.field = field;
    this.bitOffset = details.bitOffset ?? null;
    this.charIndex = details.charIndex ?? null;
    // A brand instead of `instanceof`, so two copies of the package (or two realms) agree.
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for any error thrown by tcstring, even one from another copy of the package. */
export function isTCStringError(value: unknown): value is TCStringError {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[BRAND] === true;
}
