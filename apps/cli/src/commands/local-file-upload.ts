import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ShoalClient } from '@shoal/client';
import { LIMITS } from '@shoal/contracts';
import { readImportBatches, type ImportBatch, type ImportFormat } from '@shoal/datasets';

/**
 * Payload bound per request, in the readers' units (4 bytes per value + id + metadata JSON). JSON
 * spells a float32 in up to ~25 characters, so 1/8 of the body limit keeps every request well
 * under LIMITS.maxBodyBytes whatever the dimension.
 */
const MAX_BATCH_PAYLOAD_BYTES = Math.floor(LIMITS.maxBodyBytes / 8);

export interface UploadOptions {
  client: ShoalClient;
  collection: string;
  path: string;
  format: ImportFormat;
  /** The collection's dimension: the readers check every record against it. */
  dimension: number;
  /** Prepended to every id (jsonl: the file's ids; fvecs/npy: the row number). */
  idPrefix: string;
  /** Vectors per PUT, at most LIMITS.maxBatchVectors. */
  batchSize: number;
  /** PUT requests in flight. */
  concurrency: number;
  /** After each acknowledged batch: vectors so far, and the fraction of the file's bytes behind them. */
  onProgress: (vectors: number, fraction: number) => void;
}

/**
 * Streams a local fvecs/npy/jsonl file into a collection through the public API: the same readers
 * (and the same validation, with byte offsets in errors) as the server-side import job, then PUTs
 * of at most `batchSize` vectors, `concurrency` at a time. Upserts are idempotent by id, so running
 * it again after a failure is safe. Resolves with the number of vectors written.
 */
export async function uploadLocalFile(options: UploadOptions): Promise<number> {
  const { client, collection, path, concurrency } = options;
  const { size } = await stat(path);
  const batches = readImportBatches((start) => Promise.resolve(createReadStream(path, { start })), {
    format: options.format,
    dimension: options.dimension,
    idPrefix: options.idPrefix,
    batchSize: options.batchSize,
    maxBatchBytes: MAX_BATCH_PAYLOAD_BYTES,
  });
  let written = 0;
  // Batches are acknowledged out of order: progress shows the bytes of the acknowledged prefix of the file.
  const endOffsets: number[] = [];
  const acked: boolean[] = [];
  let ackedPrefix = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const send = async (batch: ImportBatch, index: number) => {
    await client.upsertVectors(collection, batch.records);
    written += batch.records.length;
    acked[index] = true;
    while (acked[ackedPrefix]) ackedPrefix++;
    options.onProgress(written, ackedPrefix === 0 ? 0 : size === 0 ? 1 : endOffsets[ackedPrefix - 1] / size);
  };
  for await (const batch of batches) {
    if (failure !== undefined) break;
    const index = endOffsets.push(batch.endOffset) - 1;
    const pending: Promise<void> = send(batch, index).catch((error: unknown) => {
      failure ??= error;
    });
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return written;
}
