import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from '@shoal/metrics';

/** The internal API calls a coordinator makes (ShardClient). */
export type ShardRpc = 'search' | 'get_vector' | 'send_segment';

/** Seconds; a batched search RPC takes from well under a millisecond to the 2 s search deadline. */
const RPC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Queries per search RPC; 100 (LIMITS.maxQueries) is the most a batch carries. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 100];

/**
 * Shard RPC metrics of the coordinator. `shard_worker` is the worker's base URL as dialled: the
 * client knows no member id, and URLs are as bounded as the worker set.
 */
@Injectable()
export class ShardRpcMetrics {
  private readonly duration: Histogram<'shard_worker' | 'rpc' | 'outcome'>;
  private readonly errors: Counter<'shard_worker' | 'rpc' | 'reason'>;
  private readonly batchQueries: Histogram<string>;

  constructor(@Inject(Registry) registry: Registry) {
    this.duration = new Histogram({
      name: 'shoal_shard_rpc_duration_seconds',
      help: 'Shard RPC round trips by worker, call and outcome (ok | error | timeout)',
      labelNames: ['shard_worker', 'rpc', 'outcome'],
      buckets: RPC_BUCKETS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'shoal_shard_rpc_errors_total',
      help: 'Failed shard RPCs by worker, call and reason (timeout, connection, http_<status>, malformed_answer, invalid_json)',
      labelNames: ['shard_worker', 'rpc', 'reason'],
      registers: [registry],
    });
    this.batchQueries = new Histogram({
      name: 'shoal_search_batch_queries',
      help: 'Queries per search RPC once ShardSearchBatcher coalesced concurrent searches (1 = no coalescing)',
      buckets: BATCH_BUCKETS,
      registers: [registry],
    });
  }

  /** One finished RPC; `failure` is the reason when it failed. */
  record(shardWorker: string, rpc: ShardRpc, seconds: number, failure?: string): void {
    const outcome = failure === undefined ? 'ok' : failure === 'timeout' ? 'timeout' : 'error';
    this.duration.observe({ shard_worker: shardWorker, rpc, outcome }, seconds);
    if (failure !== undefined) this.errors.inc({ shard_worker: shardWorker, rpc, reason: failure });
  }

  /** Queries in one search RPC as sent: the batcher's coalesced request. */
  observeBatch(queries: number): void {
    this.batchQueries.observe(queries);
  }
}
