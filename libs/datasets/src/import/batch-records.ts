import type { ImportBatch } from './import-batch';
import type { SourcedRecord } from './sourced-record';

/** Bounds of one batch; see {@link ImportReadOptions}. */
export interface BatchLimits {
  batchSize: number;
  maxBatchBytes: number;
}

/**
 * Groups validated records into batches of at most `batchSize` records and `maxBatchBytes` payload
 * bytes (a lone larger record still forms a batch). A full batch is yielded as soon as its last
 * record arrives, so the consumer can commit it before anything after it is read.
 */
export async function* batchRecords(records: AsyncIterable<SourcedRecord>, { batchSize, maxBatchBytes }: BatchLimits): AsyncGenerator<ImportBatch> {
  let batch: ImportBatch | undefined;
  let bytes = 0;
  for await (const { record, ordinal, start, end, bytes: recordBytes } of records) {
    if (batch !== undefined && bytes + recordBytes > maxBatchBytes) {
      yield batch;
      batch = undefined;
    }
    if (batch === undefined) {
      batch = { records: [], startOffset: start, endOffset: end, firstRecord: ordinal };
      bytes = 0;
    }
    batch.records.push(record);
    batch.endOffset = end;
    bytes += recordBytes;
    if (batch.records.length === batchSize) {
      yield batch;
      batch = undefined;
    }
  }
  if (batch !== undefined) yield batch;
}

// Module-local alias: Jest's vm sandbox makes global lookups in per-record code ~100× slower.
const { byteLength } = Buffer;

/** A record's payload bytes as `maxBatchBytes` counts them: its float32 values, id and metadata JSON. */
export function payloadBytes(dimension: number, id: string, metadataBytes = 0): number {
  return 4 * dimension + byteLength(id, 'utf8') + metadataBytes;
}
