import { placementKey, ReplicaState } from '@shoal/cluster';
import type { ClusterMember, MemberPartition } from '@shoal/cluster-state';

/** One live replica of one shard, as its worker's last heartbeat describes it. */
export interface LiveReplica {
  /** Worker id. */
  id: string;
  url: string;
  state: ReplicaState;
  appliedSeq: number;
  vectors: number;
  generation: number;
}

const STATES: Record<MemberPartition['state'], ReplicaState> = {
  active: ReplicaState.Active,
  recovering: ReplicaState.Recovering,
};

/**
 * Who serves what, built from the shard workers' heartbeats: a worker that reports partition
 * `c/s` holds a replica of shard s of c. Heartbeats, not the manifest's placement, are the truth
 * for routing: a placed worker that has not loaded its partition yet cannot answer.
 */
export class ReplicaView {
  private constructor(
    private readonly byPartition: ReadonlyMap<string, readonly LiveReplica[]>,
    private readonly urls: ReadonlyMap<string, string>,
  ) {}

  static fromMembers(members: readonly ClusterMember[]): ReplicaView {
    const byPartition = new Map<string, LiveReplica[]>();
    const urls = new Map<string, string>();
    // Sorted by id so the view, and the selector's round-robin order, do not depend on Redis order.
    for (const member of [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (member.role !== 'shard') continue;
      urls.set(member.id, member.url);
      for (const [key, partition] of Object.entries(member.partitions)) {
        const replicas = byPartition.get(key) ?? [];
        replicas.push({ id: member.id, url: member.url, state: STATES[partition.state] ?? ReplicaState.Dead, appliedSeq: partition.appliedSeq, vectors: partition.vectors, generation: partition.generation });
        byPartition.set(key, replicas);
      }
    }
    return new ReplicaView(byPartition, urls);
  }

  static empty(): ReplicaView {
    return new ReplicaView(new Map(), new Map());
  }

  /** Partition keys (`collection/shard`) with at least one live replica. */
  partitions(): string[] {
    return [...this.byPartition.keys()];
  }

  replicas(collection: string, shard: number): readonly LiveReplica[] {
    return this.replicasOf(placementKey(collection, shard));
  }

  replicasOf(partition: string): readonly LiveReplica[] {
    return this.byPartition.get(partition) ?? [];
  }

  urlOf(worker: string): string | undefined {
    return this.urls.get(worker);
  }

  /**
   * Live vectors of a collection: per shard, the count of its most advanced replica (active ones
   * first, then the highest appliedSeq), summed. A shard without a live replica counts 0.
   */
  vectors(collection: string, shards: number): number {
    let total = 0;
    for (let shard = 0; shard < shards; shard++) {
      const best = [...this.replicas(collection, shard)].sort(
        (a, b) => Number(b.state === ReplicaState.Active) - Number(a.state === ReplicaState.Active) || b.appliedSeq - a.appliedSeq,
      )[0];
      total += best?.vectors ?? 0;
    }
    return total;
  }

  /** The oldest index generation any live replica of the collection serves (0 when none is live). */
  servingGeneration(collection: string, shards: number): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (let shard = 0; shard < shards; shard++) for (const replica of this.replicas(collection, shard)) oldest = Math.min(oldest, replica.generation);
    return Number.isFinite(oldest) ? oldest : 0;
  }
}
