import {
  ApiError,
  decodeLogSegment,
  decodeShardSearch,
  LIMITS,
  type LogSegment,
  type ShardSearchRequest,
} from '@shoal/contracts';

/** Longest wait a search may ask for: beyond it a coordinator deadline is a bug, not a slow shard. */
const MAX_TIMEOUT_MS = 600_000;

function decoded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw ApiError.invalid('body', error instanceof Error ? error.message : String(error));
  }
}

function integer(value: unknown, field: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw ApiError.invalid(field, `must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}`);
  }
}

/** Decodes an SHQS frame and checks its header; any problem is a 400 naming the field. */
export function parseSearchFrame(body: Buffer): ShardSearchRequest {
  const request = decoded(() => decodeShardSearch(body));
  if (typeof request.collection !== 'string' || request.collection === '') throw ApiError.invalid('collection', 'must be a non-empty string');
  integer(request.shard, 'shard', 0, LIMITS.maxShards - 1);
  integer(request.k, 'k', 1, LIMITS.maxK);
  integer(request.nq, 'nq', 1, LIMITS.maxQueries);
  integer(request.dimension, 'dimension', 1, LIMITS.maxDimension);
  integer(request.timeoutMs, 'timeoutMs', 1, MAX_TIMEOUT_MS);
  if (request.nprobe !== undefined) integer(request.nprobe, 'nprobe', 1, LIMITS.maxNprobe);
  if (request.minSeq !== undefined) integer(request.minSeq, 'minSeq', 0, Number.MAX_SAFE_INTEGER);
  if (request.includeMetadata !== undefined && typeof request.includeMetadata !== 'boolean') {
    throw ApiError.invalid('includeMetadata', 'must be a boolean');
  }
  return request;
}

/** Decodes an SHLS frame addressed to `collection`/`shard` and checks its header. */
export function parseSegmentFrame(body: Buffer, collection: string, shard: number): LogSegment {
  const segment = decoded(() => decodeLogSegment(body));
  if (segment.collection !== collection || segment.shard !== shard) {
    throw ApiError.invalid('segment', `is for ${String(segment.collection)}/${String(segment.shard)}, not ${collection}/${shard} of the URL`);
  }
  integer(segment.seq, 'seq', 1, Number.MAX_SAFE_INTEGER);
  integer(segment.dimension, 'dimension', 1, LIMITS.maxDimension);
  if (!Array.isArray(segment.ops)) throw ApiError.invalid('ops', 'must be an array');
  return segment;
}
