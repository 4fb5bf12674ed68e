import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { placementKey, ReplicaSelector } from '@shoal/cluster';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { CoordinatorConfig } from '../common/coordinator.config';
import type { ReplicaPicker } from '../search/search-fanout';
import { selectorPicker } from './replica-picker';
import { ReplicaView, type LiveReplica } from './replica-view';

/** ADR 0004: members heartbeat every second with a 5 s lease; an expired lease means dead for routing. */
const HEARTBEAT_INTERVAL_MS = 1000;
const HEARTBEAT_LEASE_MS = 5000;

/**
 * The coordinator's view of the cluster: it announces this process as a 'coordinator' member and
 * rebuilds, every SHOAL_MEMBER_REFRESH_MS, which shard workers serve which partitions from their
 * heartbeats. One ReplicaSelector serves every collection, so a worker's in-flight count and its
 * cool-down after a failure hold across all the partitions it hosts.
 */
@Injectable()
export class MembershipService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MembershipService');
  private readonly selector = new ReplicaSelector();
  /** Partition key (`c/s`) → the selector's shard number; slots are never reused. */
  private readonly slots = new Map<string, number>();
  private view = ReplicaView.empty();
  private readonly startedAt = new Date().toISOString();
  private url?: string;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.every(this.config.memberRefreshMs, () => this.refresh());
  }

  /** Starts heartbeating once the server listens at `url` (unknown before, with port 0). */
  async announce(url: string): Promise<void> {
    this.url = url;
    await this.heartbeat();
    this.every(HEARTBEAT_INTERVAL_MS, () => this.heartbeat());
  }

  async onModuleDestroy(): Promise<void> {
    this.timers.forEach((timer) => clearInterval(timer));
    this.timers = [];
    if (this.url !== undefined) await this.repo.leave(this.config.coordinatorId).catch((error: unknown) => this.warn('leave', error));
  }

  /** Live shard members, fresh from Redis (for placement and counts, where a stale view would mislead). */
  liveShardMembers() {
    return this.repo.liveMembers('shard');
  }

  /** Picks replicas of `collection`'s shards among the active ones of the current view. */
  picker(collection: string): ReplicaPicker {
    return selectorPicker(this.selector, (shard) => this.slots.get(placementKey(collection, shard)));
  }

  /** Every live replica of a shard, whatever its state (write notifications go to recovering ones too). */
  replicas(collection: string, shard: number): readonly LiveReplica[] {
    return this.view.replicas(collection, shard);
  }

  urlOf(worker: string): string | undefined {
    return this.view.urlOf(worker);
  }

  /** Rebuilds the view; on a Redis failure the previous view stays (failed replicas still cool down). */
  async refresh(): Promise<void> {
    try {
      this.apply(ReplicaView.fromMembers(await this.repo.liveMembers('shard')));
    } catch (error) {
      this.warn('refresh the replica view', error);
    }
  }

  private apply(view: ReplicaView): void {
    const seen = new Set(view.partitions());
    for (const key of seen) {
      let slot = this.slots.get(key);
      if (slot === undefined) {
        slot = this.slots.size;
        this.slots.set(key, slot);
      }
      this.selector.setReplicas(slot, view.replicasOf(key).map(({ id, state }) => ({ id, state })));
    }
    for (const [key, slot] of this.slots) if (!seen.has(key)) this.selector.setReplicas(slot, []);
    this.view = view;
  }

  private async heartbeat(): Promise<void> {
    if (this.url === undefined) return;
    const member = { id: this.config.coordinatorId, role: 'coordinator' as const, url: this.url, startedAt: this.startedAt, partitions: {} };
    await this.repo.heartbeat(member, HEARTBEAT_LEASE_MS).catch((error: unknown) => this.warn('heartbeat', error));
  }

  /** Runs `task` every `ms` without overlapping runs; unref'd so timers never hold the process open. */
  private every(ms: number, task: () => Promise<void>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      void task().finally(() => (running = false));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private warn(what: string, error: unknown): void {
    this.logger.warn(`could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
