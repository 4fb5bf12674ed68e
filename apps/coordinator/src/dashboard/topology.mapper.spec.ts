import type { ClusterMember, CollectionManifest, MemberPartition } from '@shoal/cluster-state';
import { manifestOf } from '@shoal/cluster-state/testing';
import { toTopology } from './topology.mapper';

const partition = (extra: Partial<MemberPartition> = {}): MemberPartition => ({ appliedSeq: 5, vectors: 10, state: 'active', generation: 1, backend: 'faiss_ivfpq', ...extra });
const member = (id: string, partitions: Record<string, MemberPartition>, role: ClusterMember['role'] = 'shard'): ClusterMember => ({
  id,
  role,
  url: `http://10.0.0.1/${id}`,
  startedAt: '2026-11-25T00:00:00.000Z',
  partitions,
});
const manifest = (extra: Partial<CollectionManifest> = {}): CollectionManifest =>
  manifestOf('docs', {
    dimension: 8,
    replicas: 2,
    index: { type: 'ivf_pq', nlist: 4, m: 2 },
    generation: 2,
    state: 'building',
    pending: { generation: 3, jobId: 'train-docs-3' },
    placement: [
      ['w1', 'w2'],
      ['w2', 'w3'],
    ],
    version: 4,
    ...extra,
  });

describe('toTopology', () => {
  it('lists placed replicas in placement order, with lag from the shard head and the backend that answers', () => {
    const { collections } = toTopology({
      manifests: [manifest()],
      members: [
        member('w1', { 'docs/0': partition({ appliedSeq: 7, vectors: 30 }) }),
        member('w2', { 'docs/0': partition({ appliedSeq: 4, vectors: 25, state: 'recovering', generation: 2 }), 'docs/1': partition({ appliedSeq: 9, vectors: 12, backend: 'exact_mock' }) }),
      ],
      heads: [[7, 9]],
    });
    const [docs] = collections;
    expect(docs).toMatchObject({ name: 'docs', state: 'building', generation: 2, servingGeneration: 1, replicationFactor: 2, pending: { generation: 3, jobId: 'train-docs-3' } });
    expect(docs.backends).toEqual(['exact_mock', 'faiss_ivfpq']);
    expect(docs.shards[0]).toEqual({
      shard: 0,
      headSeq: 7,
      vectors: 30,
      covered: true,
      replicas: [
        { workerId: 'w1', url: 'http://10.0.0.1/w1', state: 'active', placed: true, generation: 1, appliedSeq: 7, vectors: 30, lag: 0, backend: 'faiss_ivfpq' },
        { workerId: 'w2', url: 'http://10.0.0.1/w2', state: 'recovering', placed: true, generation: 2, appliedSeq: 4, vectors: 25, lag: 3, backend: 'faiss_ivfpq' },
      ],
    });
    // w3 is placed but down: listed as missing, with nothing known about it.
    expect(docs.shards[1].replicas[1]).toEqual({ workerId: 'w3', url: null, state: 'missing', placed: true, generation: null, appliedSeq: null, vectors: null, lag: null, backend: null });
    // The collection count is the API's: per shard, the active replica's count.
    expect(docs.vectors).toBe(30 + 12);
  });

  it('counts a shard with only recovering replicas as uncovered, and lists unplaced replicas a worker still serves', () => {
    const { collections } = toTopology({
      manifests: [manifest({ placement: [['w1'], ['w1']], replicas: 1 })],
      members: [member('w1', { 'docs/0': partition({ state: 'recovering' }) }), member('w9', { 'docs/1': partition({ backend: undefined }) }), member('i2', {}, 'worker')],
      heads: [[5, 3]],
    });
    expect(collections[0].shards[0].covered).toBe(false);
    expect(collections[0].shards[1].replicas).toEqual([
      expect.objectContaining({ workerId: 'w1', state: 'missing' }),
      expect.objectContaining({ workerId: 'w9', state: 'active', placed: false, backend: null, lag: 0 }),
    ]);
  });

  it('lists every live member by role, with the partitions a shard worker reports', () => {
    const { members } = toTopology({
      manifests: [],
      members: [member('w2', { 'a/0': partition(), 'b/0': partition() }), member('c1', {}, 'coordinator'), member('i1', {}, 'worker'), member('w1', {})],
      heads: [],
    });
    expect(members.map((m) => [m.role, m.id, m.partitions])).toEqual([
      ['coordinator', 'c1', 0],
      ['shard', 'w1', 0],
      ['shard', 'w2', 2],
      ['worker', 'i1', 0],
    ]);
  });
});
