import { assertInteger, ClusterError, ClusterErrorCode } from './cluster.error';
import { murmur3_32 } from './hash.util';

/**
 * Seed of the routing hash. Part of the on-disk format: every stored vector lives on the shard this
 * seed picked for it, so it must never change for an existing collection.
 */
export const ROUTING_SEED = 0;

/** Upper bound on shards per collection; keeps the modulo bias of a 32-bit hash below 2^-16. */
export const MAX_SHARDS = 65_536;

/** The shard that owns `id`: MurmurHash3 x86-32 of its UTF-8 bytes, modulo `shardCount`. */
export function shardOf(id: string, shardCount: number): number {
  assertInteger('shardCount', shardCount, 1, MAX_SHARDS);
  return murmur3_32(id, ROUTING_SEED) % shardCount;
}

/** One shard's share of a request: its items, and where each came from in the original array. */
export interface ShardSlice<T> {
  items: T[];
  /** `positions[i]` is the index in the original array of `items[i]`; ascending. */
  positions: number[];
}

/**
 * Splits a batch by owning shard, keeping original positions so the per-shard responses can be put
 * back in request order with {@link gatherByPosition}. Only shards that receive items appear; the
 * map iterates in ascending shard order so fan-out (and its logs) is deterministic.
 */
export function splitByShard<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  shardCount: number,
): Map<number, ShardSlice<T>> {
  assertInteger('shardCount', shardCount, 1, MAX_SHARDS);
  const slices: (ShardSlice<T> | undefined)[] = new Array(shardCount);
  items.forEach((item, position) => {
    const shard = murmur3_32(idOf(item), ROUTING_SEED) % shardCount;
    const slice = (slices[shard] ??= { items: [], positions: [] });
    slice.items.push(item);
    slice.positions.push(position);
  });
  const byShard = new Map<number, ShardSlice<T>>();
  slices.forEach((slice, shard) => {
    if (slice) byShard.set(shard, slice);
  });
  return byShard;
}

/** One shard's answers, in the order of the slice that was sent to it. */
export interface PositionedResults<R> {
  positions: readonly number[];
  results: readonly R[];
}

/**
 * Inverse of {@link splitByShard}: places each shard's results at their original positions.
 * Throws `InvalidArgument` when a shard answered a different number of items than it was sent, a
 * position is out of range or repeated, or a position was left unanswered.
 */
export function gatherByPosition<R>(total: number, parts: Iterable<PositionedResults<R>>): R[] {
  assertInteger('total', total, 0);
  const out: R[] = new Array(total);
  const filled = new Uint8Array(total);
  let count = 0;
  for (const { positions, results } of parts) {
    if (positions.length !== results.length) {
      throw new ClusterError(
        ClusterErrorCode.InvalidArgument,
        `a shard returned ${results.length} results for ${positions.length} items`,
        { expected: positions.length, received: results.length },
      );
    }
    positions.forEach((position, i) => {
      if (!Number.isInteger(position) || position < 0 || position >= total || filled[position]) {
        throw new ClusterError(ClusterErrorCode.InvalidArgument, `position ${position} is out of range or repeated`, {
          position,
          total,
        });
      }
      filled[position] = 1;
      out[position] = results[i];
      count++;
    });
  }
  if (count !== total) {
    throw new ClusterError(ClusterErrorCode.InvalidArgument, `${total - count} of ${total} positions have no result`, {
      missing: total - count,
      total,
    });
  }
  return out;
}
