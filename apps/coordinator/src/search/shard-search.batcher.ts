import { joinRequestIds } from '@shoal/config';
import { LIMITS, type ShardSearchRequest, type ShardSearchResponse } from '@shoal/contracts';

/** Sends one search RPC (ShardClient.search). */
export type SendShardSearch = (url: string, request: ShardSearchRequest, timeoutMs: number) => Promise<ShardSearchResponse>;

/** Settings of {@link ShardSearchBatcher}. */
export interface ShardSearchBatcherOptions {
  /** RPCs in flight at once per replica and search shape; further queries wait and leave together. @defaultValue 2 */
  maxInFlight?: number;
  /** Queries per RPC at most (the shard refuses more). @defaultValue LIMITS.maxQueries */
  maxQueries?: number;
  /** Clock for deadlines. @defaultValue Date.now */
  now?: () => number;
}

interface Waiting {
  request: ShardSearchRequest;
  enqueuedAt: number;
  deadlineAt: number;
  resolve: (response: ShardSearchResponse) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  inFlight: number;
  waiting: Waiting[];
}

/**
 * Coalesces concurrent searches bound for the same replica, collection, shard and search shape
 * (k, nprobe, metadata) into one RPC, so the shard answers a batch with one Faiss call and the
 * coordinator pays one round trip per batch (DESIGN: "concurrent queries are coalesced").
 *
 * No query ever waits for company: while fewer than `maxInFlight` RPCs of its lane are out, it
 * leaves at once. Only queries arriving while the lane is busy are held, and they leave together
 * as soon as an RPC of the lane returns. A batch asks for the highest `minSeq` of its members
 * (a search may see more than it asked for, never less) and the earliest deadline among them.
 */
export class ShardSearchBatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly maxInFlight: number;
  private readonly maxQueries: number;
  private readonly now: () => number;

  constructor(
    private readonly send: SendShardSearch,
    options: ShardSearchBatcherOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxQueries = options.maxQueries ?? LIMITS.maxQueries;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${this.maxInFlight}`);
    if (!Number.isInteger(this.maxQueries) || this.maxQueries < 1) throw new RangeError(`maxQueries must be a positive integer, got ${this.maxQueries}`);
  }

  search(url: string, request: ShardSearchRequest, timeoutMs: number): Promise<ShardSearchResponse> {
    const key = laneKey(url, request);
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { inFlight: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    const answer = new Promise<ShardSearchResponse>((resolve, reject) => {
      const now = this.now();
      lane.waiting.push({ request, enqueuedAt: now, deadlineAt: now + timeoutMs, resolve, reject });
    });
    if (lane.inFlight < this.maxInFlight) this.dispatch(key, url, lane);
    return answer;
  }

  /** Queries currently waiting for a batch, over every lane (for tests and metrics). */
  get waiting(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.waiting.length;
    return n;
  }

  private dispatch(key: string, url: string, lane: Lane): void {
    const batch = this.take(lane);
    if (batch.length === 0) {
      if (lane.inFlight === 0) this.lanes.delete(key);
      return;
    }
    lane.inFlight++;
    const now = this.now();
    const request = merge(batch, now);
    const timeoutMs = Math.max(1, Math.min(...batch.map((w) => w.deadlineAt)) - now);
    this.send(url, request, timeoutMs)
      .then(
        (response) => split(batch, response),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        lane.inFlight--;
        this.dispatch(key, url, lane);
      });
  }

  /** The oldest waiting queries that fit in one RPC (a single oversized request goes alone). */
  private take(lane: Lane): Waiting[] {
    let queries = 0;
    let count = 0;
    while (count < lane.waiting.length && (count === 0 || queries + lane.waiting[count].request.nq <= this.maxQueries)) {
      queries += lane.waiting[count].request.nq;
      count++;
    }
    return lane.waiting.splice(0, count);
  }
}

/** Searches that may share an RPC: same replica, partition and shape. */
function laneKey(url: string, r: ShardSearchRequest): string {
  return JSON.stringify([url, r.collection, r.shard, r.k, r.nprobe ?? null, r.includeMetadata === true, r.dimension]);
}

/** One request for the batch; the shard's own budget shrinks by the time its members waited here. */
function merge(batch: readonly Waiting[], now: number): ShardSearchRequest {
  const first = batch[0].request;
  const timeoutMs = Math.max(1, Math.min(...batch.map((w) => w.request.timeoutMs - (now - w.enqueuedAt))));
  if (batch.length === 1) return { ...first, timeoutMs };
  const nq = batch.reduce((n, w) => n + w.request.nq, 0);
  const queries = new Float32Array(nq * first.dimension);
  let offset = 0;
  let minSeq: number | undefined;
  for (const { request } of batch) {
    queries.set(request.queries, offset);
    offset += request.queries.length;
    if (request.minSeq !== undefined) minSeq = Math.max(minSeq ?? 0, request.minSeq);
  }
  const merged: ShardSearchRequest = { ...first, nq, queries, timeoutMs, requestId: joinRequestIds(batch.map((w) => w.request.requestId)) };
  if (minSeq === undefined) delete merged.minSeq;
  else merged.minSeq = minSeq;
  return merged;
}

/** Hands each member its own rows of the batch's answer (the client checked there is one per query). */
function split(batch: readonly Waiting[], response: ShardSearchResponse): void {
  let offset = 0;
  for (const waiting of batch) {
    const { nq } = waiting.request;
    waiting.resolve({ ...response, results: response.results.slice(offset, offset + nq) });
    offset += nq;
  }
}
