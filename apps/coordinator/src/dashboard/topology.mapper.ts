import { placementKey, ReplicaState } from '@shoal/cluster';
import type { ClusterMember, CollectionManifest } from '@shoal/cluster-state';
import type { DashboardCollection, DashboardMember, DashboardReplica, DashboardReplicaState, DashboardShard } from '@shoal/contracts';
import { ReplicaView, type LiveReplica } from '../cluster/replica-view';

export interface TopologyInput {
  manifests: readonly CollectionManifest[];
  /** Every live member (coordinators, shard workers, index workers). */
  members: readonly ClusterMember[];
  /** heads[c][s]: the last sequence number allocated for shard s of manifests[c]. */
  heads: readonly (readonly number[])[];
}

export interface Topology {
  collections: DashboardCollection[];
  members: DashboardMember[];
}

const STATES: Partial<Record<ReplicaState, DashboardReplicaState>> = { [ReplicaState.Active]: 'active', [ReplicaState.Recovering]: 'recovering' };

/**
 * Collections → shards → replicas for the dashboard, from one read of the manifests and the
 * heartbeats. Vector counts come from the same ReplicaView rule as GET /v1/collections, so the
 * page and the API agree. A placed replica whose worker does not report it is listed as missing.
 */
export function toTopology({ manifests, members, heads }: TopologyInput): Topology {
  const view = ReplicaView.fromMembers(members);
  const byId = new Map(members.map((m) => [m.id, m]));
  const collections = manifests.map((manifest, c): DashboardCollection => {
    const shards = Array.from({ length: manifest.shards }, (_, s) => toShard(manifest, s, heads[c]?.[s] ?? 0, view, byId));
    const backends = new Set(shards.flatMap((shard) => shard.replicas.flatMap((r) => (r.backend === null ? [] : [r.backend]))));
    const { name, dimension, metric, index, state, generation, replicas, pending } = manifest;
    return {
      name,
      dimension,
      metric,
      index,
      state,
      generation,
      servingGeneration: view.servingGeneration(name, manifest.shards),
      vectors: view.vectors(name, manifest.shards),
      replicationFactor: replicas,
      ...(pending === undefined ? {} : { pending }),
      backends: [...backends].sort(),
      shards,
    };
  });
  const sorted = [...members].sort((a, b) => a.role.localeCompare(b.role) || a.id.localeCompare(b.id));
  return {
    collections,
    members: sorted.map(({ id, role, url, startedAt, partitions }) => ({ id, role, url, startedAt, partitions: Object.keys(partitions).length })),
  };
}

function toShard(manifest: CollectionManifest, shard: number, headSeq: number, view: ReplicaView, byId: ReadonlyMap<string, ClusterMember>): DashboardShard {
  const live = view.replicas(manifest.name, shard);
  const placed = manifest.placement[shard] ?? [];
  const key = placementKey(manifest.name, shard);
  const replicas: DashboardReplica[] = placed.map((id) => {
    const replica = live.find((r) => r.id === id);
    return replica === undefined ? missing(id, byId.get(id)) : liveReplica(replica, true, headSeq, byId, key);
  });
  for (const replica of live) if (!placed.includes(replica.id)) replicas.push(liveReplica(replica, false, headSeq, byId, key));
  return { shard, headSeq, vectors: mostAdvanced(live)?.vectors ?? 0, covered: live.some((r) => r.state === ReplicaState.Active), replicas };
}

function liveReplica(replica: LiveReplica, placed: boolean, headSeq: number, byId: ReadonlyMap<string, ClusterMember>, key: string): DashboardReplica {
  return {
    workerId: replica.id,
    url: replica.url,
    state: STATES[replica.state] ?? 'dead',
    placed,
    generation: replica.generation,
    appliedSeq: replica.appliedSeq,
    vectors: replica.vectors,
    lag: Math.max(0, headSeq - replica.appliedSeq),
    backend: byId.get(replica.id)?.partitions[key]?.backend ?? null,
  };
}

function missing(workerId: string, member: ClusterMember | undefined): DashboardReplica {
  return { workerId, url: member?.url ?? null, state: 'missing', placed: true, generation: null, appliedSeq: null, vectors: null, lag: null, backend: null };
}

/** The replica whose count the collection total takes (ReplicaView.vectors): active first, then the highest appliedSeq. */
function mostAdvanced(replicas: readonly LiveReplica[]): LiveReplica | undefined {
  return [...replicas].sort(
    (a, b) => Number(b.state === ReplicaState.Active) - Number(a.state === ReplicaState.Active) || b.appliedSeq - a.appliedSeq,
  )[0];
}
