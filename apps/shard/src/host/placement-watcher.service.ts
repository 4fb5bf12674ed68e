import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ClusterStateRepository, type ClusterEvent } from '@shoal/cluster-state';
import type { Logger } from 'pino';
import { SHARD_LOGGER } from '../shard.tokens';
import { PartitionHostService } from './partition-host.service';

/** Manifests are re-read this often even without events (a missed pub/sub message must not strand a shard). */
const POLL_MS = 1000;

/**
 * Keeps the hosted partitions in line with the collection manifests: refreshes on every
 * collection event and every second, and forwards `segment-written` events to the partitions.
 */
@Injectable()
export class PlacementWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(ClusterStateRepository) private readonly clusterState: ClusterStateRepository,
    @Inject(PartitionHostService) private readonly host: PartitionHostService,
    @Inject(SHARD_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = await this.clusterState.subscribe(
      (event) => this.onEvent(event),
      (error) => this.logger.warn({ err: error }, 'cluster event dropped'),
    );
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), POLL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unsubscribe?.();
    await this.running;
  }

  /** Reads every manifest and reconciles; calls during a refresh coalesce into one more. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.host.reconcile(await this.clusterState.listCollections());
        } catch (error) {
          this.logger.warn({ err: error }, 'placement refresh failed; retrying');
        }
      } while (this.again && !this.stopped);
      this.running = null;
    })();
    return this.running;
  }

  private onEvent(event: ClusterEvent): void {
    if (this.stopped) return;
    if (event.type === 'segment-written') this.host.segmentWritten(event.collection, event.shard, event.seq);
    else void this.refresh();
  }
}
