import type { ClusterMember, MemberPartition } from '@shoal/cluster-state';
import type { CollectionInfo } from '@shoal/contracts';
import { toClusterInfo } from './cluster-info.mapper';

const partition = (extra: Partial<MemberPartition>): MemberPartition => ({ appliedSeq: 1, vectors: 10, state: 'active', generation: 0, ...extra });
const member = (id: string, partitions: Record<string, MemberPartition>, role: ClusterMember['role'] = 'shard'): ClusterMember => ({
  id,
  role,
  url: `http://127.0.0.1:1/${id}`,
  startedAt: '2026-11-25T00:00:00.000Z',
  partitions,
});
const collection = (name: string, extra: Partial<CollectionInfo> = {}): CollectionInfo => ({
  name,
  dimension: 8,
  metric: 'l2',
  shards: 2,
  replicas: 1,
  index: { type: 'flat' },
  state: 'exact',
  generation: 0,
  servingGeneration: 0,
  vectors: 20,
  createdAt: '2026-11-25T00:00:00.000Z',
  ...extra,
});

describe('toClusterInfo', () => {
  it('counts replicas per real backend and averages bytes per vector over replicas holding vectors', () => {
    const info = toClusterInfo({
      version: '0.1.0',
      uptimeSeconds: 12.5,
      collections: [collection('docs'), collection('img', { index: { type: 'ivf_pq', nlist: 4, m: 2 }, state: 'ready', generation: 2, servingGeneration: 1 }), collection('empty')],
      members: [
        member('w1', { 'docs/0': partition({ backend: 'exact_mock', indexBytesPerVector: 40 }), 'img/0': partition({ backend: 'faiss_ivfpq', indexBytesPerVector: 10 }) }),
        member('w2', {
          'docs/1': partition({ backend: 'exact_mock', indexBytesPerVector: 44 }),
          'img/1': partition({ backend: 'faiss_flat', indexBytesPerVector: 0, vectors: 0 }),
          'empty/0': partition({ vectors: 0 }),
        }),
        member('c1', {}, 'coordinator'),
      ],
    });
    expect(info).toEqual({
      version: '0.1.0',
      uptimeSeconds: 12.5,
      backends: { exact_mock: 2, faiss_ivfpq: 1, faiss_flat: 1, unknown: 1 },
      collections: [
        { name: 'docs', index: { type: 'flat' }, state: 'exact', generation: 0, servingGeneration: 0, vectors: 20, bytesPerVector: 42, backends: ['exact_mock'] },
        { name: 'img', index: { type: 'ivf_pq', nlist: 4, m: 2 }, state: 'ready', generation: 2, servingGeneration: 1, vectors: 20, bytesPerVector: 10, backends: ['faiss_flat', 'faiss_ivfpq'] },
        { name: 'empty', index: { type: 'flat' }, state: 'exact', generation: 0, servingGeneration: 0, vectors: 20, bytesPerVector: null, backends: ['unknown'] },
      ],
    });
  });

  it('reports a collection no live replica serves with no backend and null bytes per vector', () => {
    const info = toClusterInfo({ version: '0.1.0', uptimeSeconds: 0, collections: [collection('lonely', { vectors: 0 })], members: [] });
    expect(info.backends).toEqual({});
    expect(info.collections[0]).toMatchObject({ name: 'lonely', bytesPerVector: null, backends: [] });
  });
});
