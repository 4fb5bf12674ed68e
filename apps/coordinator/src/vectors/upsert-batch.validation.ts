import { ApiError, LIMITS, type VectorRecord } from '@shoal/contracts';
import { packFloat32Rows } from '../common/float32-rows.util';

/**
 * Checks what the schema cannot, for a whole upsert batch before anything is written (a rejected
 * batch changes nothing): each `values` has the collection's dimension and fits float32, ids are
 * unique within the batch (two upserts of one id in one segment would make the winner depend on
 * apply order), and each metadata object nests at most LIMITS.maxMetadataDepth levels (checked
 * without recursion, before JSON.stringify could overflow the stack) and is at most
 * LIMITS.maxMetadataBytes of JSON.
 * Returns every vector's values packed as float32, in batch order.
 */
export function validateUpsertBatch(records: readonly VectorRecord[], dimension: number): Float32Array {
  const firstPosition = new Map<string, number>();
  records.forEach((record, i) => {
    const earlier = firstPosition.get(record.id);
    if (earlier !== undefined) {
      throw ApiError.invalid(`vectors[${i}].id`, `repeats vectors[${earlier}].id ${JSON.stringify(record.id)}; ids must be unique in a batch`, {
        positions: [earlier, i],
      });
    }
    firstPosition.set(record.id, i);
    if (record.metadata !== undefined) {
      if (nestingExceeds(record.metadata, LIMITS.maxMetadataDepth)) {
        throw ApiError.invalid(`vectors[${i}].metadata`, `nests deeper than ${LIMITS.maxMetadataDepth} levels`, { limit: LIMITS.maxMetadataDepth });
      }
      const bytes = Buffer.byteLength(JSON.stringify(record.metadata), 'utf8');
      if (bytes > LIMITS.maxMetadataBytes) {
        throw ApiError.invalid(`vectors[${i}].metadata`, `is ${bytes} bytes of JSON, over the limit of ${LIMITS.maxMetadataBytes}`, {
          bytes,
          limit: LIMITS.maxMetadataBytes,
        });
      }
    }
  });
  return packFloat32Rows(
    records.map((r) => r.values),
    dimension,
    (i) => `vectors[${i}].values`,
  );
}

/** Whether objects/arrays in `value` nest more than `limit` levels deep; iterative, so any depth is safe. */
export function nestingExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
