import { assertInteger, ClusterError, ClusterErrorCode } from './cluster.error';
import { murmur3_32 } from './hash.util';
import { MAX_SHARDS } from './shard-routing.util';

/** Seed of the placement scores; changing it would reshuffle every replica in every cluster. */
export const PLACEMENT_SEED = 0x5e1ec7;

/** What to place. */
export interface PlacementRequest {
  /** Collection name; part of the key, so collections spread differently over the same workers. */
  collection: string;
  /** Number of shards S (1..65536). */
  shards: number;
  /** Copies of each shard R (>= 1); each on a different worker. */
  replicas: number;
  /** Worker ids, distinct and non-empty; their order does not matter. */
  workers: readonly string[];
}

/** The placement key of a shard: `${collection}/${shard}`. */
export function placementKey(collection: string, shard: number): string {
  return `${collection}/${shard}`;
}

/**
 * Every worker ranked for `key` by rendezvous (highest-random-weight) hashing: the score of a worker
 * is MurmurHash3 of `key`, a NUL and the worker id; highest first, ties to the smaller id. A worker's
 * score does not depend on the other workers, so adding or removing one never reorders the rest.
 */
export function rankWorkers(key: string, workers: readonly string[]): string[] {
  const scored = workers.map((worker) => ({ worker, score: murmur3_32(`${key}\u0000${worker}`, PLACEMENT_SEED) }));
  scored.sort((a, b) => b.score - a.score || (a.worker < b.worker ? -1 : a.worker > b.worker ? 1 : 0));
  return scored.map((s) => s.worker);
}

/**
 * For each shard, the workers holding its replicas, balanced: the workers are ranked once for the
 * collection by rendezvous hashing ({@link rankWorkers} on its name), and replicas are dealt round
 * that ranking, replica j of shard s to worker (s·R + j) mod W. So a shard's R replicas sit on R
 * distinct workers, and every worker holds ⌊S·R/W⌋ or ⌈S·R/W⌉ replicas of the collection.
 * Hashing each shard independently is not balanced for small collections: it put both shards of a
 * 2-shard collection on the same one of 2 workers half the time, leaving the other idle (measured:
 * one shard process at 3.45 ms CPU per query, the other at 0.04 ms).
 *
 * Deterministic and independent of the order of `workers`; different collections rank the workers
 * differently, so small collections spread over the cluster instead of all starting on the same
 * worker. Placement is decided once, when a collection is created.
 *
 * No co-location fallback: when `replicas` exceeds the number of workers this throws
 * `InsufficientWorkers` (with `details.replicas` and `details.workers`), because two copies on one
 * worker would look replicated while surviving no more failures. A caller that prefers to run
 * under-replicated asks for `Math.min(replicas, workers.length)` itself and reports it.
 * Bad numbers, empty or duplicate worker ids throw `InvalidArgument`.
 */
export function placeReplicas(request: PlacementRequest): string[][] {
  const { collection, shards, replicas, workers } = request;
  assertInteger('shards', shards, 1, MAX_SHARDS);
  assertInteger('replicas', replicas, 1);
  const unique = new Set(workers);
  if (unique.size !== workers.length || unique.has('')) {
    throw new ClusterError(ClusterErrorCode.InvalidArgument, 'worker ids must be distinct and non-empty', {
      workers: workers.length,
      distinct: unique.size,
    });
  }
  if (replicas > workers.length) {
    throw new ClusterError(
      ClusterErrorCode.InsufficientWorkers,
      `collection ${collection}: ${replicas} replicas per shard need ${replicas} distinct workers, but only ${workers.length} are available`,
      { collection, replicas, workers: workers.length },
    );
  }
  const ranking = rankWorkers(collection, workers);
  return Array.from({ length: shards }, (_, shard) =>
    Array.from({ length: replicas }, (_, replica) => ranking[(shard * replicas + replica) % ranking.length]),
  );
}

/** How one shard's replica set changes between two placements. */
export interface PlacementChange {
  shard: number;
  /** Workers that must load the shard. */
  added: string[];
  /** Workers that may drop it once the added ones are active. */
  removed: string[];
}

/** The shards whose replica sets differ between two placements of the same shard count (order ignored). */
export function diffPlacement(before: readonly (readonly string[])[], after: readonly (readonly string[])[]): PlacementChange[] {
  if (before.length !== after.length) {
    throw new ClusterError(
      ClusterErrorCode.InvalidArgument,
      `placements cover ${before.length} and ${after.length} shards; resharding is not a placement change`,
      { before: before.length, after: after.length },
    );
  }
  const changes: PlacementChange[] = [];
  before.forEach((was, shard) => {
    const now = after[shard];
    const added = now.filter((w) => !was.includes(w));
    const removed = was.filter((w) => !now.includes(w));
    if (added.length > 0 || removed.length > 0) changes.push({ shard, added, removed });
  });
  return changes;
}
