import type { LogSegment } from '@shoal/contracts';
import { Partition } from '@shoal/engine';
import { applySegment, planSegment } from './segment-apply.util';

function segment(ops: LogSegment['ops'], values: number[], seq = 1): LogSegment {
  return { collection: 'c', shard: 0, seq, dimension: 2, ops, values: Float32Array.from(values) };
}

describe('planSegment', () => {
  it('groups consecutive upserts and deletes, taking values in upsert order', () => {
    const runs = planSegment(
      segment(
        [
          { op: 'upsert', id: 'a', metadata: { tag: 1 } },
          { op: 'upsert', id: 'b' },
          { op: 'delete', id: 'x' },
          { op: 'delete', id: 'y' },
          { op: 'upsert', id: 'c' },
        ],
        [1, 2, 3, 4, 5, 6],
      ),
    );
    expect(runs.map((r) => (r.kind === 'upsert' ? r.records.map((x) => [x.id, [...x.values], x.metadata]) : r.ids))).toEqual([
      [
        ['a', [1, 2], { tag: 1 }],
        ['b', [3, 4], undefined],
      ],
      ['x', 'y'],
      [['c', [5, 6], undefined]],
    ]);
  });

  it('starts a new run when an id repeats, so the later write wins', () => {
    const runs = planSegment(segment([{ op: 'upsert', id: 'a' }, { op: 'upsert', id: 'a' }], [1, 1, 2, 2]));
    expect(runs).toHaveLength(2);
  });

  it('refuses a payload that does not match the upserts', () => {
    expect(() => planSegment(segment([{ op: 'upsert', id: 'a' }], [1, 2, 3]))).toThrow('segment 1 holds 3 floats for 1 upserts of dimension 2');
  });
});

describe('applySegment', () => {
  it('replaces on upsert and removes on delete, in log order', async () => {
    const partition = Partition.create({ dimension: 2, metric: 'l2', index: { type: 'flat' }, backend: 'mock' });
    await applySegment(partition, segment([{ op: 'upsert', id: 'a' }, { op: 'upsert', id: 'b' }], [1, 1, 2, 2]));
    await applySegment(partition, segment([{ op: 'delete', id: 'b' }, { op: 'upsert', id: 'a', metadata: { v: 2 } }], [9, 9], 2));
    expect(partition.size).toBe(1);
    expect(partition.get('a')).toEqual({ id: 'a', values: Float32Array.from([9, 9]), metadata: { v: 2 } });
    partition.dispose();
  });
});
