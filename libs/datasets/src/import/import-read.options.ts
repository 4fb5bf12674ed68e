import type { ImportFormat } from './import-format';

/**
 * Opens the import object for reading from byte `start` (e.g. `(start) => store.getStream(key, { start })`).
 * The readers call it once, or twice for an npy resume (the header, then the data).
 */
export type OpenImportStream = (start: number) => Promise<NodeJS.ReadableStream>;

/** Options of {@link readImportBatches}. Invalid values throw a `RangeError` when the reader is created. */
export interface ImportReadOptions {
  format: ImportFormat;
  /** The collection's dimension: every record must have exactly this many values (1 to LIMITS.maxDimension). */
  dimension: number;
  /**
   * Prepended to every id: the file's id (jsonl) or the record's ordinal (fvecs, npy). At most
   * LIMITS.maxIdLength − 16 characters, leaving room for any ordinal.
   * @defaultValue `''`
   */
  idPrefix?: string;
  /**
   * Resume point: 0, or a byte offset previously reported as a batch's `endOffset`. fvecs and npy
   * check that it falls on a record boundary, jsonl that it starts a line (else `RangeError`).
   * @defaultValue 0
   */
  startOffset?: number;
  /**
   * Ordinal of the record at `startOffset` (the `firstRecord + records.length` of the batch that
   * ended there). Required by jsonl when `startOffset` > 0, since only reading the skipped lines
   * could count them; fvecs and npy derive it. When given, it must be 0 at offset 0, and fvecs and
   * npy check it against the offset (else `RangeError`).
   * @defaultValue 0 at the start of the file; derived for fvecs and npy
   */
  startRecord?: number;
  /** Most records per batch (a positive integer). */
  batchSize: number;
  /**
   * Upper bound on a batch's payload bytes: per record 4·dimension for the values plus the UTF-8
   * bytes of the id and of the metadata's JSON, about what the records take in a log segment
   * whatever the file format. A single record larger than the bound forms a batch of its own.
   * @defaultValue no bound (only `batchSize` limits a batch)
   */
  maxBatchBytes?: number;
}

/** {@link ImportReadOptions} checked and with defaults applied, as the format readers get them. */
export type ResolvedImportOptions = Required<Omit<ImportReadOptions, 'startRecord'>> & Pick<ImportReadOptions, 'startRecord'>;
