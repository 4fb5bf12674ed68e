import { LIMITS } from '@shoal/contracts';
import { batchRecords } from './batch-records';
import { readFvecsRecords } from './fvecs-import.reader';
import type { ImportBatch } from './import-batch';
import { IMPORT_FORMATS, type ImportFormat } from './import-format';
import type { ImportReadOptions, OpenImportStream, ResolvedImportOptions } from './import-read.options';
import { readJsonlRecords } from './jsonl-import.reader';
import { readNpyRecords } from './npy-import.reader';
import type { SourcedRecord } from './sourced-record';

type RecordReader = (open: OpenImportStream, options: ResolvedImportOptions) => AsyncGenerator<SourcedRecord>;

const READERS: Record<ImportFormat, RecordReader> = { fvecs: readFvecsRecords, jsonl: readJsonlRecords, npy: readNpyRecords };
/** Digits of the largest record ordinal (Number.MAX_SAFE_INTEGER), which an fvecs or npy id appends to the prefix. */
const ORDINAL_DIGITS = 16;
/** Longest `idPrefix`, in code points: any record ordinal still fits within LIMITS.maxIdLength after it. */
export const MAX_ID_PREFIX_LENGTH = LIMITS.maxIdLength - ORDINAL_DIGITS;

/**
 * Streams an import object as batches of validated records, for a bulk import job: route each
 * batch's records to their shards, append them, then commit `endOffset` as the resume point.
 * Every record of a batch is validated before the batch is yielded, so a malformed file fails
 * (with an {@link ImportFormatError} naming the byte offset, record and rule) with nothing of its
 * batch handed out. Memory holds one batch plus the stream's buffered chunks, whatever the file size.
 *
 * @param open opens the object at a byte offset, e.g. `(start) => store.getStream(key, { start })`
 * @throws RangeError at once for invalid options; from the generator for a resume point that is
 *   not a record boundary
 */
export function readImportBatches(open: OpenImportStream, options: ImportReadOptions): AsyncGenerator<ImportBatch> {
  const resolved = resolveOptions(options);
  return batchRecords(READERS[resolved.format](open, resolved), resolved);
}

function resolveOptions(options: ImportReadOptions): ResolvedImportOptions {
  const { format, dimension, idPrefix = '', startOffset = 0, startRecord, batchSize, maxBatchBytes = Number.POSITIVE_INFINITY } = options;
  if (!IMPORT_FORMATS.includes(format)) throw new RangeError(`format must be one of ${IMPORT_FORMATS.join(', ')}, got ${format}`);
  if (!(Number.isInteger(dimension) && dimension >= 1 && dimension <= LIMITS.maxDimension)) {
    throw new RangeError(`dimension must be an integer from 1 to ${LIMITS.maxDimension}, got ${dimension}`);
  }
  // Characters are code points, as the API's id limit counts them.
  const prefixLength = [...idPrefix].length;
  if (prefixLength > MAX_ID_PREFIX_LENGTH) {
    throw new RangeError(`idPrefix must be at most ${MAX_ID_PREFIX_LENGTH} characters (ids are at most ${LIMITS.maxIdLength}), got ${prefixLength}`);
  }
  assertCount('startOffset', startOffset, 0);
  if (startRecord !== undefined) assertCount('startRecord', startRecord, 0);
  assertCount('batchSize', batchSize, 1);
  if (!(maxBatchBytes > 0)) throw new RangeError(`maxBatchBytes must be positive, got ${maxBatchBytes}`);
  return { format, dimension, idPrefix, startOffset, startRecord, batchSize, maxBatchBytes };
}

function assertCount(name: string, value: number, minimum: number): void {
  if (!(Number.isSafeInteger(value) && value >= minimum)) throw new RangeError(`${name} must be an integer ≥ ${minimum}, got ${value}`);
}
