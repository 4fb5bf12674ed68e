import type { ImportFormat } from './import-format';

/** Why an import file was rejected; a job fails on any of them (retrying reads the same bytes). */
export enum ImportFormatErrorCode {
  /** The file ends inside a header or a record, or an npy file holds fewer rows than its shape. */
  Truncated = 'TRUNCATED',
  /** A record's (or the npy shape's) dimension differs from the collection's. */
  DimensionMismatch = 'DIMENSION_MISMATCH',
  /** A value is NaN, ±Infinity, or beyond the float32 range once converted. */
  NonFiniteValue = 'NON_FINITE_VALUE',
  /** An npy file does not start with `\x93NUMPY`. */
  BadMagic = 'BAD_MAGIC',
  /** An npy header is unreadable: unknown version, too long, not a dict literal, missing or extra keys. */
  InvalidHeader = 'INVALID_HEADER',
  /** A well-formed npy header describes data Shoal does not read (dtype, Fortran order, not 2-D). */
  UnsupportedLayout = 'UNSUPPORTED_LAYOUT',
  /** An npy file has bytes after the last row its shape declares. */
  TrailingData = 'TRAILING_DATA',
  /** A jsonl line is longer than any record could reasonably be. */
  LineTooLong = 'LINE_TOO_LONG',
  /** A jsonl line is not valid UTF-8. */
  InvalidEncoding = 'INVALID_ENCODING',
  /** A jsonl line is not valid JSON. */
  InvalidJson = 'INVALID_JSON',
  /** A jsonl line is valid JSON but not an object. */
  InvalidRecord = 'INVALID_RECORD',
  /** A jsonl record has a field other than `id`, `values` and `metadata`. */
  UnknownField = 'UNKNOWN_FIELD',
  /** A jsonl id is missing, not a string, empty, or (with the prefix) longer than the API allows. */
  InvalidId = 'INVALID_ID',
  /** jsonl `values` is missing, not an array, or holds something other than numbers. */
  InvalidValues = 'INVALID_VALUES',
  /** jsonl `metadata` is not a JSON object or is larger than the API allows. */
  InvalidMetadata = 'INVALID_METADATA',
}

/** Where and why an import file is malformed. */
export interface ImportFormatErrorDetails {
  readonly format: ImportFormat;
  /** Byte offset in the object: the record's (or jsonl line's) start, or where the data ends for truncation. */
  readonly offset: number;
  /** Ordinal (0-based) of the offending record, when the problem is in a record rather than a header. */
  readonly record?: number;
  /** The rule that was broken, naming the expected and the found value. */
  readonly reason: string;
}

/**
 * The one error class of the import readers, for malformed files. Bad arguments (a resume offset
 * off a record boundary, a zero batch size) throw `RangeError`; storage failures pass through as
 * the stream emitted them.
 */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
  readonly format: ImportFormat;
  readonly offset: number;
  readonly record?: number;
  readonly reason: string;

  constructor(
    readonly code: ImportFormatErrorCode,
    { format, offset, record, reason }: ImportFormatErrorDetails,
  ) {
    super(`${format} at byte ${offset}${record === undefined ? '' : ` (record ${record})`}: ${reason}`);
    this.format = format;
    this.offset = offset;
    this.record = record;
    this.reason = reason;
  }
}
