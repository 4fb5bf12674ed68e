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
 * For each shard, the workers holding its replicas: the top `replicas` of {@link rankWorkers} on
 * `${collection}/${shard}`, best first (so `[s][0]` is a natural preferred replica).
 *
 * Minimal movement: adding a worker moves only the replicas it now wins, about 1/(W+1) of them, all
 * onto the new worker; removing one moves only that worker's replicas, each to the next worker in
 * its shard's ranking.
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
  return Array.from({ length: shards }, (_, shard) =>
    rankWorkers(placementKey(collection, shard), workers).slice(0, replicas),
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
