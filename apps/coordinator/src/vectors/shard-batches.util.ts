import { splitByShard } from '@shoal/cluster';
import type { LogOp, VectorRecord } from '@shoal/contracts';

/** One shard's share of a write: what goes into its next log segment. */
export interface ShardBatch {
  shard: number;
  ops: LogOp[];
  /** Upserts' values, float32, in the order of the upsert ops. */
  values: Float32Array;
}

/** Splits a validated upsert batch (`packed` from validateUpsertBatch) by owning shard, ascending. */
export function upsertBatchesByShard(records: readonly VectorRecord[], packed: Float32Array, dimension: number, shards: number): ShardBatch[] {
  return [...splitByShard(records, (r) => r.id, shards)].map(([shard, slice]) => {
    const values = new Float32Array(slice.items.length * dimension);
    slice.positions.forEach((position, i) => values.set(packed.subarray(position * dimension, (position + 1) * dimension), i * dimension));
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
