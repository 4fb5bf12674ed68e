import { EngineError, EngineErrorCode } from './engine.error';
import type { PartitionRecord, VectorMetadata } from './partition.types';

// Module-level aliases: hot loops avoid global lookups, which are very slow inside jest's vm sandbox.
const isFiniteNumber = Number.isFinite;

/** Longest id accepted, in UTF-16 code units. */
export const MAX_ID_LENGTH = 512;

const invalid = (message: string): EngineError => new EngineError(EngineErrorCode.InvalidArgument, message);

export function assertId(id: unknown, field: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw invalid(`${field} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
}

/**
 * Validates a whole batch before anything is written (a rejected batch changes nothing) and packs
 * the values into one Float32Array. Values are checked after the float32 conversion, so 1e39
 * (finite in JS, Infinity in float32) is refused too.
 */
export function packRecords(records: PartitionRecord[], dimension: number): Float32Array {
  if (!Array.isArray(records)) throw invalid('records must be an array');
  const packed = new Float32Array(records.length * dimension);
  const firstIndex = new Map<string, number>();
  records.forEach((record, i) => {
    assertId(record?.id, `records[${i}].id`);
    const earlier = firstIndex.get(record.id);
    if (earlier !== undefined) throw invalid(`records[${i}].id "${record.id}" duplicates records[${earlier}].id`);
    firstIndex.set(record.id, i);
    const values = record.values;
    if (!(values instanceof Float32Array) && !Array.isArray(values)) {
      throw invalid(`records[${i}].values must be an array of ${dimension} numbers`);
    }
    if (values.length !== dimension) {
      throw new EngineError(
        EngineErrorCode.DimensionMismatch,
        `records[${i}].values has ${values.length} numbers, the dimension is ${dimension}`,
      );
    }
    const offset = i * dimension;
    for (let j = 0; j < dimension; j++) {
      const v = values[j];
      if (typeof v !== 'number') throw invalid(`records[${i}].values[${j}] must be a number`);
      packed[offset + j] = v;
      if (!isFiniteNumber(packed[offset + j])) {
        throw invalid(`records[${i}].values[${j}] must be a finite float32 (got ${v})`);
      }
    }
    assertMetadata(record.metadata, `records[${i}].metadata`);
  });
  return packed;
}

function assertMetadata(metadata: unknown, field: string): asserts metadata is VectorMetadata | undefined {
  if (metadata === undefined) return;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw invalid(`${field} must be a JSON object`);
  }
}
