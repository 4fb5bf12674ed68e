import type { ImportRecord } from './import-record';

/**
 * Consecutive records of an import file, every one validated before the batch is yielded. A job
 * that commits the batch records `endOffset` (and `firstRecord + records.length`) as its resume point.
 */
export interface ImportBatch {
  records: ImportRecord[];
  /** Byte offset in the object of the batch's first record. */
  startOffset: number;
  /** Byte offset just past the batch's last record (for jsonl, past its newline): where the next batch starts reading. */
  endOffset: number;
  /** Ordinal (0-based) of the batch's first record in the file; jsonl counts non-blank lines. */
  firstRecord: number;
}
