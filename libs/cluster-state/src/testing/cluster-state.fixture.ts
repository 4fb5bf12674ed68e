import { randomUUID } from 'node:crypto';
import type { CollectionManifest } from '../collection-manifest';
import type { ClusterMember } from '../member';

/** Test support only: a prefix no other test uses, so tests sharing one redis-server never collide. */
export function uniquePrefix(): string {
  return `test:${randomUUID()}:`;
}

/** Test support only: a valid manifest of a new flat collection. */
export function manifestOf(name: string, overrides: Partial<CollectionManifest> = {}): CollectionManifest {
  return {
    name,
    dimension: 4,
    metric: 'l2',
    shards: 2,
    replicas: 1,
    index: { type: 'flat' },
    createdAt: '2026-11-25T00:00:00.000Z',
    generation: 0,
    state: 'exact',
    placement: [['shard-a'], ['shard-b']],
    version: 1,
    ...overrides,
  };
}

/** Test support only: a shard worker's heartbeat. */
export function memberOf(id: string, role: ClusterMember['role'] = 'shard'): ClusterMember {
  return { id, role, url: `http://127.0.0.1:1/${id}`, startedAt: '2026-11-25T00:00:00.000Z', partitions: { 'docs/0': { appliedSeq: 3, vectors: 10, state: 'active', generation: 0, backend: 'exact_mock', indexBytesPerVector: 24 } } };
}
