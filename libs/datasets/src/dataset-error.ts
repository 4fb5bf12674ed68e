/** Why a dataset file or buffer was rejected. */
export enum DatasetErrorCode {
  /** The input ends before a header or vector is complete. */
  Truncated = 'TRUNCATED',
  /** A TEXMEX vector declares a different dimension from the first one. */
  InconsistentDimension = 'INCONSISTENT_DIMENSION',
  /** A dimension is zero or negative. */
  InvalidDimension = 'INVALID_DIMENSION',
  /** The IDX magic number is wrong (not an IDX file). */
  BadMagic = 'BAD_MAGIC',
  /** The IDX element type is not 0x08 (unsigned byte). */
  UnsupportedType = 'UNSUPPORTED_TYPE',
  /** The input is longer than its header declares, or two files disagree in size. */
  SizeMismatch = 'SIZE_MISMATCH',
  /** A label or value is outside its documented range. */
  InvalidValue = 'INVALID_VALUE',
  /** A dataset file is not installed. */
  Missing = 'MISSING',
}

/**
 * The one error class of this library for bad or missing data. Invalid arguments
 * (a negative `k`, mismatched dimensions) throw the standard `RangeError` instead.
 */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    /** Byte offset in the (decompressed) input where the problem was found, when it has one. */
    readonly offset?: number,
  ) {
    super(message);
  }
}
