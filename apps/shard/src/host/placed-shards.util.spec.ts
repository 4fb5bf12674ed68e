import type { CollectionManifest } from '@shoal/cluster-state';
import { placedShards } from './placed-shards.util';

const manifest = (name: string, placement: string[][]): CollectionManifest => ({
  name,
  dimension: 4,
  metric: 'l2',
  shards: placement.length,
  replicas: 2,
  index: { type: 'flat' },
  createdAt: '2026-11-25T00:00:00.000Z',
  generation: 0,
  state: 'exact',
  placement,
  version: 1,
});

describe('placedShards', () => {
  it('lists exactly the shards whose placement names this worker', () => {
    const placed = placedShards(
      [
        manifest('a', [['w1', 'w2'], ['w2', 'w3'], ['w3', 'w1']]),
        manifest('b', [['w3', 'w2']]),
      ],
      'w1',
    );
    expect([...placed.keys()]).toEqual(['a/0', 'a/2']);
    expect(placed.get('a/2')).toMatchObject({ shard: 2, collection: { name: 'a' } });
  });
});
