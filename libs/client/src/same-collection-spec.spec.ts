import type { CollectionInfo, CreateCollectionRequest } from '@shoal/contracts';
import { sameCollectionSpec } from './same-collection-spec';

const request: CreateCollectionRequest = { name: 'a', dimension: 8, metric: 'l2', shards: 2, replicas: 1, index: { type: 'ivf_pq', nlist: 4, m: 2 } };
const existing: CollectionInfo = { ...request, state: 'exact', generation: 0, servingGeneration: 0, vectors: 0, createdAt: '2025-01-01T00:00:00.000Z' };

describe('sameCollectionSpec', () => {
  it('accepts the collection the request describes, whatever the server added', () => {
    expect(sameCollectionSpec(request, { ...existing, vectors: 10, state: 'ready' })).toBe(true);
  });

  it('rejects any difference in a field or an index option', () => {
    expect(sameCollectionSpec(request, { ...existing, dimension: 16 })).toBe(false);
    expect(sameCollectionSpec(request, { ...existing, index: { type: 'ivf_pq', nlist: 4, m: 2, refine: 4 } })).toBe(false);
    expect(sameCollectionSpec(request, { ...existing, index: { type: 'flat' } })).toBe(false);
    expect(sameCollectionSpec(request, { ...existing, autoTrain: 1000 })).toBe(false);
  });
});
