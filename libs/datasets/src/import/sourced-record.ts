import type { ImportRecord } from './import-record';

/** A validated record with where it sits in the object, as the format readers hand it to the batcher. */
export interface SourcedRecord {
  record: ImportRecord;
  /** Ordinal (0-based) of the record in the file. */
  ordinal: number;
  /** Byte offset of the record's first byte, and just past its last (jsonl: past its newline). */
  start: number;
  end: number;
  /** Payload bytes, as {@link ImportReadOptions.maxBatchBytes} counts them. */
  bytes: number;
}
