import { deleteBatchesByShard, upsertBatchesByShard } from './log-batches.util';
import { shardOf } from './shard-routing.util';

describe('log batches by shard', () => {
  const records = Array.from({ length: 40 }, (_, i) => ({ id: `id-${i}`, values: [i, -i], ...(i % 2 ? { metadata: { i } } : {}) }));
  const packed = Float32Array.from(records.flatMap((r) => r.values));

  it('sends every upsert to its shard with its own values and metadata', () => {
    const batches = upsertBatchesByShard(records, (i) => packed.subarray(2 * i, 2 * i + 2), 2, 4);
    expect(batches.map((b) => b.shard)).toEqual([...batches.map((b) => b.shard)].sort((a, b) => a - b));
    expect(batches.reduce((n, b) => n + b.ops.length, 0)).toBe(40);
    for (const batch of batches) {
      batch.ops.forEach((op, i) => {
        const n = Number(op.id.slice(3));
        expect(shardOf(op.id, 4)).toBe(batch.shard);
        expect(op).toEqual(n % 2 ? { op: 'upsert', id: op.id, metadata: { i: n } } : { op: 'upsert', id: op.id });
        expect(Array.from(batch.values.subarray(2 * i, 2 * i + 2))).toEqual([n, -n]);
      });
    }
  });

  it('routes deletes once per id and carries no values', () => {
    const batches = deleteBatchesByShard(['a', 'b', 'a', 'c'], 2);
    expect(batches.flatMap((b) => b.ops.map((op) => op.id)).sort()).toEqual(['a', 'b', 'c']);
    batches.forEach((b) => {
      expect(b.values.length).toBe(0);
      b.ops.forEach((op) => expect(shardOf(op.id, 2)).toBe(b.shard));
    });
  });
});
