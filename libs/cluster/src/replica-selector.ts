import { assertInteger, ClusterError, ClusterErrorCode } from './cluster.error';
import { ReplicaState, servesReads } from './replica-state';

/** One replica of a shard as the coordinator sees it. */
export interface ReplicaInfo {
  /**
   * The process serving the replica (the worker id of the placement). In-flight counts and failures
   * are kept per id across shards, because replicas on one process share its CPU and its fate.
   */
  id: string;
  state: ReplicaState;
}

/** A replica chosen for one request; call `release()` when the request ends, however it ends. */
export interface ReplicaLease {
  readonly shard: number;
  readonly replica: string;
  /** Ends the request's in-flight count. Idempotent. */
  release(): void;
}

export interface ReplicaSelectorOptions {
  /**
   * Clock in milliseconds, compared with the `untilMs` of {@link ReplicaSelector.markFailed}.
   * @defaultValue `Date.now`
   */
  now?: () => number;
}

interface ShardReplicas {
  replicas: readonly ReplicaInfo[];
  /** Where the round-robin among equally loaded replicas resumes. */
  cursor: number;
}

interface Candidate {
  id: string;
  index: number;
  load: number;
  coolingUntil: number;
}

/**
 * Picks one replica per shard for each request: an `Active` one, not cooling down after a failure,
 * with the fewest requests in flight; equal loads take turns (round-robin), so sequential traffic
 * spreads evenly and a slow replica, which keeps requests longer, receives fewer. A cooling replica
 * is used only when every other candidate is cooling too (soonest recovery first), so a lone replica
 * is never refused for having failed once. Deterministic for a given clock and call sequence.
 */
export class ReplicaSelector {
  private readonly shards = new Map<number, ShardReplicas>();
  private readonly inFlight = new Map<string, number>();
  private readonly failedUntil = new Map<string, number>();
  private readonly now: () => number;

  constructor(options: ReplicaSelectorOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Sets (or replaces) a shard's replicas, in placement order. In-flight counts survive the change. */
  setReplicas(shard: number, replicas: readonly ReplicaInfo[]): void {
    assertInteger('shard', shard, 0);
    const ids = new Set(replicas.map((r) => r.id));
    if (ids.size !== replicas.length || ids.has('')) {
      throw new ClusterError(ClusterErrorCode.InvalidArgument, `shard ${shard}: replica ids must be distinct and non-empty`, {
        shard,
      });
    }
    const previous = this.shards.get(shard);
    this.shards.set(shard, { replicas: replicas.map((r) => ({ ...r })), cursor: previous?.cursor ?? 0 });
  }

  /** Requests currently leased on a replica, across all shards. */
  outstanding(replica: string): number {
    return this.inFlight.get(replica) ?? 0;
  }

  /** Skip `replica` (on every shard) until the clock reaches `untilMs`; a later deadline wins over an earlier one. */
  markFailed(replica: string, untilMs: number): void {
    this.failedUntil.set(replica, Math.max(untilMs, this.failedUntil.get(replica) ?? -Infinity));
  }

  /** End a cool-down early, e.g. after a health check or a successful request. */
  markHealthy(replica: string): void {
    this.failedUntil.delete(replica);
  }

  /**
   * The order in which to try a shard's replicas, without changing any state: readable and not
   * excluded; replicas not cooling down first, by fewest in flight then round-robin order; cooling
   * ones last, soonest recovery first. Empty when none is left.
   */
  candidates(shard: number, exclude: Iterable<string> = []): string[] {
    return this.rank(shard, new Set(exclude)).map((c) => c.id);
  }

  /**
   * Leases the first of {@link candidates}. Throws `NoLiveReplica` (details: `shard`, `replicas`
   * known, `excluded`) when there is none; the caller fails the request or, with `allowPartial`,
   * answers without the shard.
   */
  acquire(shard: number, exclude: Iterable<string> = []): ReplicaLease {
    const excluded = new Set(exclude);
    const best = this.rank(shard, excluded)[0];
    const entry = this.shards.get(shard);
    if (!best || !entry) {
      const replicas = entry?.replicas ?? [];
      const states = replicas.map((r) => `${r.id}=${r.state}`).join(', ');
      throw new ClusterError(
        ClusterErrorCode.NoLiveReplica,
        `shard ${shard} has no active replica left to try (${states || 'no replicas known'}; ${excluded.size} excluded)`,
        { shard, replicas: replicas.length, excluded: excluded.size },
      );
    }
    entry.cursor = (best.index + 1) % entry.replicas.length;
    const replica = best.id;
    this.inFlight.set(replica, this.outstanding(replica) + 1);
    let released = false;
    return {
      shard,
      replica,
      release: () => {
        if (released) return;
        released = true;
        const left = this.outstanding(replica) - 1;
        if (left > 0) this.inFlight.set(replica, left);
        else this.inFlight.delete(replica);
      },
    };
  }

  private rank(shard: number, excluded: ReadonlySet<string>): Candidate[] {
    const entry = this.shards.get(shard);
    if (!entry) return [];
    const now = this.now();
    const { replicas, cursor } = entry;
    const ranked: Candidate[] = [];
    for (let step = 0; step < replicas.length; step++) {
      const index = (cursor + step) % replicas.length;
      const { id, state } = replicas[index];
      if (!servesReads(state) || excluded.has(id)) continue;
      const until = this.failedUntil.get(id) ?? -Infinity;
      ranked.push({ id, index, load: this.outstanding(id), coolingUntil: until > now ? until : -Infinity });
    }
    // Stable sort: equal keys keep the round-robin order built above.
    return ranked.sort((a, b) => a.coolingUntil - b.coolingUntil || a.load - b.load);
  }
}
