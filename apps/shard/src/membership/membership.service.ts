import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ClusterStateRepository, type ClusterMember } from '@shoal/cluster-state';
import type { Logger } from 'pino';
import type { ShardConfig } from '../config/shard.config';
import { PartitionHostService } from '../host/partition-host.service';
import { SHARD_CONFIG, SHARD_LOGGER } from '../shard.tokens';

/**
 * Announces this worker to the cluster: a heartbeat every SHOAL_HEARTBEAT_MS renews its lease and
 * reports each partition's progress; a clean shutdown leaves at once instead of letting the lease expire.
 */
@Injectable()
export class MembershipService implements OnModuleDestroy {
  private readonly startedAt = new Date().toISOString();
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> = Promise.resolve();
  private inFlight = false;
  private stopped = false;

  constructor(
    @Inject(ClusterStateRepository) private readonly clusterState: ClusterStateRepository,
    @Inject(PartitionHostService) private readonly host: PartitionHostService,
    @Inject(SHARD_CONFIG) private readonly config: ShardConfig,
    @Inject(SHARD_LOGGER) private readonly logger: Logger,
  ) {}

  member(): ClusterMember {
    return {
      id: this.config.workerId,
      role: 'shard',
      url: this.config.advertiseUrl,
      startedAt: this.startedAt,
      partitions: this.host.memberPartitions(),
    };
  }

  /** Called once the HTTP server listens: announcing an unreachable URL would only earn failed requests. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      // A slow Redis must not pile heartbeats up; the next tick tries again.
      if (!this.inFlight) this.beating = this.beat();
    }, this.config.membership.heartbeatMs).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    // A heartbeat still in flight would re-announce the worker after it left.
    await this.beating;
    await this.clusterState.leave(this.config.workerId).catch((error: unknown) => this.logger.warn({ err: error }, 'leaving the cluster failed'));
  }

  private async beat(): Promise<void> {
    if (this.stopped) return;
    this.inFlight = true;
    try {
      await this.clusterState.heartbeat(this.member(), this.config.membership.leaseMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'heartbeat failed');
    } finally {
      this.inFlight = false;
    }
  }
}
