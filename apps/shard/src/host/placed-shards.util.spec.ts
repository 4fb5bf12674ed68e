import { manifestOf } from '@shoal/cluster-state/testing';
import { placedShards } from './placed-shards.util';

const manifest = (name: string, placement: string[][]) => manifestOf(name, { shards: placement.length, replicas: 2, placement });

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
