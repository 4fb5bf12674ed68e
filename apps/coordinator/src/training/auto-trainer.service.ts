import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ClusterStateRepository, type CollectionManifest } from '@shoal/cluster-state';
import { JobQueues, trainJobId } from '@shoal/jobs';
import { CollectionsService } from '../collections/collections.service';
import { CoordinatorConfig } from '../common/coordinator.config';
import { TrainingService } from './training.service';

/**
 * Starts the first training of collections created with `autoTrain` once they hold that many
 * vectors, through the same path as `POST .../train`. Every coordinator runs it; the training
 * lock makes one of them win. It tries once per collection: when generation 1's job exists (it
 * failed, or someone trained by hand) it leaves the collection to explicit requests.
 */
@Injectable()
export class AutoTrainerService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AutoTrainer');
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;
  /** Last refusal logged per collection incarnation, so a lasting one is logged once, not every tick. */
  private readonly reported = new Map<string, string>();

  constructor(
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(CollectionsService) private readonly collections: CollectionsService,
    @Inject(TrainingService) private readonly training: TrainingService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.tick ??= this.checkAll().finally(() => (this.tick = undefined));
    }, this.config.autoTrainIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.tick;
  }

  /** One pass over the collections; never throws (a failure is logged and retried next tick). */
  async checkAll(): Promise<void> {
    try {
      const waiting = (await this.repo.listCollections()).filter(
        (m) => m.autoTrain !== undefined && m.index.type === 'ivf_pq' && m.generation === 0 && m.pending === undefined,
      );
      const keys = new Set(waiting.map(keyOf));
      for (const key of this.reported.keys()) if (!keys.has(key)) this.reported.delete(key);
      for (const manifest of waiting) await this.check(manifest);
    } catch (error) {
      this.logger.warn(`auto-training check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async check(manifest: CollectionManifest): Promise<void> {
    const { name, createdAt, autoTrain = 0 } = manifest;
    const key = keyOf(manifest);
    const vectors = await this.collections.vectorsOf(manifest);
    if (vectors < autoTrain || (await this.queues.get(trainJobId(name, createdAt, 1))) !== null) return;
    try {
      const { jobId } = await this.training.train(name, {});
      this.reported.delete(key);
      this.logger.log(`collection ${name} holds ${vectors} vectors (autoTrain ${autoTrain}): training queued as ${jobId}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.reported.get(key) === reason) return;
      this.reported.set(key, reason);
      this.logger.warn(`collection ${name}: automatic training not started: ${reason}`);
    }
  }
}

/** One incarnation of a collection: a re-created one is another. */
function keyOf(manifest: CollectionManifest): string {
  return `${manifest.name}@${manifest.createdAt}`;
}
