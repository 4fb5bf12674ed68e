import type { LogOp, VectorMetadata } from '@shoal/contracts';
import { splitByShard } from './shard-routing.util';

/** One shard's share of a write: what goes into its next log segment. */
export interface ShardBatch {
  shard: number;
  ops: LogOp[];
  /** Upserts' values, float32, in the order of the upsert ops. */
  values: Float32Array;
}

/** What routing needs of an upserted record; its values come from `valuesOf(position)`. */
export interface RoutedRecord {
  id: string;
  metadata?: VectorMetadata;
}

/**
 * Splits a validated upsert batch by owning shard, ascending. `valuesOf(i)` gives record i's
 * `dimension` values (a row of a packed array, or the record's own Float32Array).
 */
export function upsertBatchesByShard(
  records: readonly RoutedRecord[],
  valuesOf: (position: number) => ArrayLike<number>,
  dimension: number,
  shards: number,
): ShardBatch[] {
  return [...splitByShard(records, (r) => r.id, shards)].map(([shard, slice]) => {
    const values = new Float32Array(slice.items.length * dimension);
    slice.positions.forEach((position, i) => values.set(valuesOf(position), i * dimension));
    const ops = slice.items.map((r): LogOp => (r.metadata === undefined ? { op: 'upsert', id: r.id } : { op: 'upsert', id: r.id, metadata: r.metadata }));
    return { shard, ops, values };
  });
}

/** Splits delete ids by owning shard; a repeated id is deleted once. */
export function deleteBatchesByShard(ids: readonly string[], shards: number): ShardBatch[] {
  return [...splitByShard([...new Set(ids)], (id) => id, shards)].map(([shard, slice]) => ({
    shard,
    ops: slice.items.map((id): LogOp => ({ op: 'delete', id })),
    values: new Float32Array(0),
  }));
}
