import { decodeFrame, encodeFrame } from './binary-frame.codec';
import type { SearchHit } from './search.schema';

const MAGIC = 'SHQS';

/** Coordinator → shard: one search RPC for one shard of one collection, queries as float32. */
export interface ShardSearchRequest {
  collection: string;
  shard: number;
  k: number;
  nprobe?: number;
  includeMetadata?: boolean;
  /** Read-your-writes: answer only after applying the shard's log up to this sequence number. */
  minSeq?: number;
  /** Milliseconds the shard may spend before giving up (the coordinator's deadline minus transit). */
  timeoutMs: number;
  /** The coordinator request(s) this search serves, for logs: sent as the `x-request-id` header, not in the frame. */
  requestId?: string;
  nq: number;
  dimension: number;
  queries: Float32Array;
}

/** Shard → coordinator (JSON: results are small). */
export interface ShardSearchResponse {
  results: SearchHit[][];
  /** The log sequence number this replica had applied when it answered. */
  appliedSeq: number;
  generation: number;
}

export function encodeShardSearch(request: ShardSearchRequest): Buffer {
  const { queries, requestId: _requestId, ...header } = request;
  return encodeFrame(MAGIC, header, queries);
}

export function decodeShardSearch(bytes: Uint8Array): ShardSearchRequest {
  const { header, payload } = decodeFrame<Omit<ShardSearchRequest, 'queries'>>(MAGIC, bytes);
  if (payload.length !== header.nq * header.dimension) {
    throw new Error(`search frame holds ${payload.length} floats, expected ${header.nq} × ${header.dimension}`);
  }
  return { ...header, queries: payload };
}

export const SHARD_SEARCH_CONTENT_TYPE = 'application/x-shoal-search';
export const LOG_SEGMENT_CONTENT_TYPE = 'application/x-shoal-segment';
