import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  CLUSTER_TOKEN_HEADER,
  encodeShardSearch,
  internalPath,
  INTERNAL_ROUTES,
  LOG_SEGMENT_CONTENT_TYPE,
  SHARD_SEARCH_CONTENT_TYPE,
  type ShardSearchRequest,
  type ShardSearchResponse,
  type VectorMetadata,
} from '@shoal/contracts';
import { currentRequestId, REQUEST_ID_HEADER } from '@shoal/config';
import { Pool, type Dispatcher } from 'undici';
import { CoordinatorConfig } from '../common/coordinator.config';
import { ShardRpcMetrics, type ShardRpc } from '../metrics/shard-rpc.metrics';
import { shardAnswerProblem } from './shard-answer.validation';

/** A vector as a shard returns it. */
export interface StoredVector {
  id: string;
  values: number[];
  metadata?: VectorMetadata;
}

/** A shard request that failed: refused connection, timeout, a non-2xx status or a malformed answer. */
export class ShardRpcError extends Error {
  override readonly name = 'ShardRpcError';

  constructor(
    message: string,
    readonly status?: number,
    /** The shard did not answer within the call's timeout (the search fan-out reads this). */
    readonly timedOut = false,
    /** Why, as the `reason` label of shoal_shard_rpc_errors_total. */
    readonly reason = timedOut ? 'timeout' : status !== undefined ? `http_${status}` : 'connection',
  ) {
    super(message);
  }
}

/** Sockets kept per shard worker; bounds the concurrency one coordinator puts on one shard. */
const CONNECTIONS_PER_SHARD = 32;

/** A shard's answer as received: its status and its whole body. */
interface RawAnswer {
  status: number;
  body: Buffer;
}

/** The exchange did not finish within its timeout (aborted by {@link exchange}). */
class ExchangeTimeout extends Error {}

/**
 * One HTTP exchange on undici's dispatcher API, settled when the whole body has arrived or after
 * `timeoutMs`. `Pool.request` would add, per call, an AbortSignal (for the timeout), an
 * AsyncResource and a body stream read back through promises: with them the coordinator spent
 * 1.18 ms of CPU per single-client search, without them 1.05 ms (docs/benchmarks.md). A request
 * still waiting for a socket at the timeout is rejected at once and aborted as soon as undici
 * starts it.
 */
function exchange(pool: Pool, options: Dispatcher.DispatchOptions, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let timedOut = false;
    let status = 0;
    let chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      timedOut = true;
      const error = new ExchangeTimeout();
      controller?.abort(error);
      reject(error);
    }, Math.max(1, timeoutMs));
    pool.dispatch(options, {
      onRequestStart(started) {
        controller = started;
        if (timedOut) started.abort(new ExchangeTimeout());
      },
      onResponseStart(_controller, statusCode) {
        status = statusCode;
        chunks = [];
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        clearTimeout(timer);
        resolve({ status, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
      },
      onResponseError(_controller, error) {
        clearTimeout(timer);
        reject(error);
      },
    });
  });
}

/**
 * The shard workers' internal API (libs/contracts internal-api.ts), over one keep-alive undici Pool
 * per worker. Every call carries the cluster token and is bounded by its timeout. The only file
 * that imports undici.
 */
@Injectable()
export class ShardClient implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();
  /** Parsed base URLs: `new URL` per call showed up in the search route's profile. */
  private readonly endpoints = new Map<string, { origin: string; basePath: string }>();

  constructor(
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
    @Inject(ShardRpcMetrics) private readonly metrics: ShardRpcMetrics,
  ) {}

  /** One binary search RPC; rejects unless the shard answers one sorted list per query. */
  async search(baseUrl: string, request: ShardSearchRequest, timeoutMs: number): Promise<ShardSearchResponse> {
    // Every search RPC leaves through ShardSearchBatcher, so nq here is the coalesced batch size.
    this.metrics.observeBatch(request.nq);
    return this.timed(baseUrl, 'search', async () => {
      const answer = await this.call(baseUrl, 'POST', INTERNAL_ROUTES.search, timeoutMs, encodeShardSearch(request), SHARD_SEARCH_CONTENT_TYPE, request.requestId);
      const problem = shardAnswerProblem(answer, request.nq);
      if (problem !== null) throw new ShardRpcError(`malformed search answer from ${baseUrl}: ${problem}`, undefined, false, 'malformed_answer');
      return answer as ShardSearchResponse;
    });
  }

  /** A vector once the replica applied its log up to `minSeq`; null when the shard does not hold it (404). */
  async getVector(baseUrl: string, collection: string, shard: number, id: string, minSeq: number, timeoutMs: number): Promise<StoredVector | null> {
    const path = `${internalPath(INTERNAL_ROUTES.vector, { collection, shard, id })}?minSeq=${minSeq}`;
    // Inside the timing: a 404 is a successful answer ("not here"), not an RPC error.
    return this.timed(baseUrl, 'get_vector', async () => {
      try {
        return (await this.call(baseUrl, 'GET', path, timeoutMs)) as StoredVector;
      } catch (error) {
        if (error instanceof ShardRpcError && error.status === 404) return null;
        throw error;
      }
    });
  }

  /** Hands a stored segment to a replica so it applies it now rather than at its next log poll. */
  async sendSegment(baseUrl: string, collection: string, shard: number, bytes: Uint8Array, timeoutMs: number): Promise<void> {
    await this.timed(baseUrl, 'send_segment', () =>
      this.call(baseUrl, 'POST', internalPath(INTERNAL_ROUTES.segments, { collection, shard }), timeoutMs, bytes, LOG_SEGMENT_CONTENT_TYPE),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  /**
   * One RPC. `requestId` names the coordinator request(s) it serves in the shard's logs; by default
   * the request being handled now (a batched search passes the ids of all its members instead).
   */
  private async call(
    baseUrl: string,
    method: 'GET' | 'POST',
    path: string,
    timeoutMs: number,
    body?: Uint8Array,
    contentType?: string,
    requestId = currentRequestId(),
  ): Promise<unknown> {
    const headers: Record<string, string> = { [CLUSTER_TOKEN_HEADER]: this.config.clusterToken };
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (requestId !== undefined) headers[REQUEST_ID_HEADER] = requestId;
    const { origin, basePath } = this.endpoint(baseUrl);
    let answer: RawAnswer;
    try {
      answer = await exchange(this.pool(origin), { origin, method, path: `${basePath}${path}`, headers, body }, timeoutMs);
    } catch (error) {
      const timedOut = error instanceof ExchangeTimeout;
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      throw new ShardRpcError(`${method} ${baseUrl}${path}: ${reason}`, undefined, timedOut);
    }
    const { status } = answer;
    const text = answer.body.toString('utf8');
    if (status < 200 || status >= 300) {
      throw new ShardRpcError(`${method} ${baseUrl}${path} answered ${status}: ${text.slice(0, 300)}`, status);
    }
    try {
      return text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      throw new ShardRpcError(`${method} ${baseUrl}${path} answered invalid JSON`, undefined, false, 'invalid_json');
    }
  }

  /** Records the duration and outcome of one RPC (shoal_shard_rpc_*). */
  private async timed<T>(baseUrl: string, rpc: ShardRpc, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await run();
      this.metrics.record(baseUrl, rpc, (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.metrics.record(baseUrl, rpc, (performance.now() - started) / 1000, error instanceof ShardRpcError ? error.reason : 'other');
      throw error;
    }
  }

  private endpoint(baseUrl: string): { origin: string; basePath: string } {
    let endpoint = this.endpoints.get(baseUrl);
    if (endpoint === undefined) {
      const url = new URL(baseUrl);
      endpoint = { origin: url.origin, basePath: url.pathname.replace(/\/$/, '') };
      this.endpoints.set(baseUrl, endpoint);
    }
    return endpoint;
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, { connections: CONNECTIONS_PER_SHARD });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}
