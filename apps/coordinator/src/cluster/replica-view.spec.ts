import { ReplicaState } from '@shoal/cluster';
import type { ClusterMember, MemberPartition } from '@shoal/cluster-state';
import { ReplicaView } from './replica-view';

const member = (id: string, partitions: Record<string, MemberPartition>, role: ClusterMember['role'] = 'shard'): ClusterMember => ({
  id,
  role,
  url: `http://${id}:1`,
  startedAt: '2026-01-01T00:00:00.000Z',
  partitions,
});

describe('ReplicaView', () => {
  const view = ReplicaView.fromMembers([
    member('w2', { 'docs/0': { appliedSeq: 9, vectors: 90, state: 'recovering', generation: 0 }, 'docs/1': { appliedSeq: 4, vectors: 40, state: 'active', generation: 0 } }),
    member('w1', { 'docs/0': { appliedSeq: 7, vectors: 70, state: 'active', generation: 0 } }),
    member('c1', {}, 'coordinator'),
  ]);

  it('lists each shard replicas by worker id, with their states', () => {
    expect(view.replicas('docs', 0).map((r) => [r.id, r.state])).toEqual([
      ['w1', ReplicaState.Active],
      ['w2', ReplicaState.Recovering],
    ]);
    expect(view.replicas('docs', 2)).toEqual([]);
    expect(view.urlOf('w2')).toBe('http://w2:1');
    expect(view.urlOf('c1')).toBeUndefined();
  });

  it('counts each shard once, from its best replica (active first)', () => {
    expect(view.vectors('docs', 3)).toBe(70 + 40);
    expect(view.vectors('other', 2)).toBe(0);
  });
});
