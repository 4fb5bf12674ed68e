import type { SearchHit, ShardSearchResponse } from '@shoal/contracts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isHit(value: unknown): value is SearchHit {
  return (
    isRecord(value) &&
    typeof value['id'] === 'string' &&
    typeof value['distance'] === 'number' &&
    !Number.isNaN(value['distance']) &&
    (value['metadata'] === undefined || isRecord(value['metadata']))
  );
}

/**
 * Checks a shard's search answer before it is merged: one list per query, well-formed hits sorted
 * by distance. A replica answering anything else is treated like a failed one (the caller retries
 * another) rather than letting a bad list poison the merge. Returns a reason, or null when valid.
 */
export function shardAnswerProblem(value: unknown, queries: number): string | null {
  if (!isRecord(value) || !Array.isArray(value['results'])) return 'the answer has no results array';
  const results: unknown[] = value['results'];
  if (results.length !== queries) return `the answer has ${results.length} result lists for ${queries} queries`;
  for (let q = 0; q < results.length; q++) {
    const list = results[q];
    if (!Array.isArray(list) || !list.every(isHit)) return `result list ${q} holds a malformed hit`;
    for (let i = 1; i < list.length; i++) {
      if (list[i].distance < list[i - 1].distance) return `result list ${q} is not sorted by distance`;
    }
  }
  if (!Number.isSafeInteger(value['appliedSeq'])) return 'the answer has no appliedSeq';
  return null;
}

export function isShardSearchResponse(value: unknown, queries: number): value is ShardSearchResponse {
  return shardAnswerProblem(value, queries) === null;
}
