import type { ImportBatch } from '../import-batch';
import { ImportFormatError, type ImportFormatErrorCode } from '../import-format.error';
import type { ImportReadOptions } from '../import-read.options';
import { readImportBatches } from '../read-import-batches';
import { byteSource, type Chunking } from './byte-source';

/** Every batch of an in-memory object. */
export async function collectBatches(bytes: Uint8Array, options: ImportReadOptions, chunking: Chunking = 'whole'): Promise<ImportBatch[]> {
  const batches: ImportBatch[] = [];
  for await (const batch of readImportBatches(byteSource(bytes, chunking).open, options)) batches.push(batch);
  return batches;
}

/** What a test expects of an {@link ImportFormatError}. */
export interface ExpectedFormatError {
  code: ImportFormatErrorCode;
  offset: number;
  record?: number;
  reason: string | RegExp;
}

/**
 * Reads the object to the end, expecting it to fail with `expected`; returns the batches yielded
 * before the failure, so tests can check that nothing after the bad record was handed out.
 */
export async function expectFormatError(
  bytes: Uint8Array,
  options: ImportReadOptions,
  expected: ExpectedFormatError,
  chunking: Chunking = 'whole',
): Promise<ImportBatch[]> {
  const batches: ImportBatch[] = [];
  let failure: unknown;
  try {
    for await (const batch of readImportBatches(byteSource(bytes, chunking).open, options)) batches.push(batch);
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(ImportFormatError);
  const error = failure as ImportFormatError;
  expect({ code: error.code, offset: error.offset, record: error.record }).toEqual({
    code: expected.code,
    offset: expected.offset,
    record: expected.record,
  });
  if (typeof expected.reason === 'string') expect(error.reason).toBe(expected.reason);
  else expect(error.reason).toMatch(expected.reason);
  return batches;
}

/** The records of `batches`, flattened, as plain values easy to compare. */
export function flatten(batches: readonly ImportBatch[]): { id: string; values: number[]; metadata?: Record<string, unknown> }[] {
  return batches.flatMap((batch) =>
    batch.records.map(({ id, values, metadata }) => (metadata === undefined ? { id, values: [...values] } : { id, values: [...values], metadata })),
  );
}
