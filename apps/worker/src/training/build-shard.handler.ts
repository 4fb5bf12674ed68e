import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { NonRetryableJobError, type BuildShardJobData, type JobContext } from '@shoal/jobs';
import { applySegment, isRefusedSegmentError, recoverReplica, writeCheckpoint } from '@shoal/replica';
import { GenerationStore, replayLog, ShardLogReader, SnapshotStore } from '@shoal/shard-log';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker.config';
import { WORKER_CONFIG, WORKER_LOGGER } from '../worker.tokens';
import { CollectionGenerationService } from './collection-generation.service';

/** What one shard build reports to its parent training job. */
export interface BuildShardResult {
  shard: number;
  vectors: number;
  /** The log seq the build reflects; replicas replay the log after it. */
  watermark: number;
  buildSeconds: number;
}

/**
 * Builds one shard's index for a generation: rebuilds the shard's state from its newest snapshot
 * and the log after it (as a recovering replica would), adds every live vector to a copy of the
 * generation's trained template, saves the partition with its log watermark and uploads it.
 */
@Injectable()
export class BuildShardHandler {
  constructor(
    @Inject(CollectionGenerationService) private readonly collections: CollectionGenerationService,
    @Inject(ShardLogReader) private readonly log: ShardLogReader,
    @Inject(SnapshotStore) private readonly snapshots: SnapshotStore,
    @Inject(GenerationStore) private readonly generations: GenerationStore,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  handle(job: JobContext<BuildShardJobData>): Promise<BuildShardResult> {
    return this.collections.runOrAbandon(job, () => this.build(job));
  }

  private async build(job: JobContext<BuildShardJobData>): Promise<BuildShardResult> {
    const { collection, generation, shard } = job.data;
    const manifest = await this.collections.require(job.data);
    if (this.config.backend !== 'faiss') throw new NonRetryableJobError('shard builds need the Faiss backend; this worker runs the exact brute-force mock');
    const started = performance.now();
    const { bytes: template } = await this.generations.getTemplate(collection, generation);
    const dir = join(this.config.scratchDir, `build-${collection}-${shard}-g${generation}-${job.id.replace(/[^A-Za-z0-9._-]/g, '_')}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const logger = this.logger.child({ collection, shard, generation });
    const { partition, checkpoint } = await recoverReplica({ collection: manifest, shard, dir, backend: 'faiss', snapshots: this.snapshots, logger });
    try {
      const watermark = await replayLog(this.log, collection, shard, checkpoint.appliedSeq, async (segment) => {
        try {
          await applySegment(partition, segment);
        } catch (error) {
          // Every replica skips the same refused segment; the build must hold what they hold.
          if (!isRefusedSegmentError(error)) throw error;
          logger.error({ err: error, seq: segment.seq }, 'log segment refused; skipped');
        }
      });
      await job.updateProgress(0.4);
      await partition.adoptTemplate(template);
      await job.updateProgress(0.8);
      await partition.save(dir);
      await writeCheckpoint(dir, { appliedSeq: watermark, generation, collectionCreatedAt: manifest.createdAt });
      // A re-run of this job (a retry, a stalled job) gets back what the first run committed.
      const committed = await this.generations.uploadBuild(collection, generation, shard, dir, watermark, 'faiss');
      const result = { shard, vectors: partition.size, watermark: committed.seq, buildSeconds: (performance.now() - started) / 1000 };
      logger.info(result, 'shard index built');
      return result;
    } finally {
      partition.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  }
}
