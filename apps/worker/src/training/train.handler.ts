import { Inject, Injectable } from '@nestjs/common';
import type { RecallEstimate } from '@shoal/contracts';
import { estimateRecall, trainIvfPqTemplate } from '@shoal/engine';
import { buildShardJobId, DEFAULT_POINTS_PER_CENTROID, JobName, MAX_DEFAULT_SAMPLE, NonRetryableJobError, type JobContext, type TrainJobData } from '@shoal/jobs';
import { GenerationStore, sampleShardLogs, ShardLogReader } from '@shoal/shard-log';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker.config';
import { WORKER_CONFIG, WORKER_LOGGER } from '../worker.tokens';
import type { BuildShardResult } from './build-shard.handler';
import { CollectionGenerationService } from './collection-generation.service';

const RECALL_K = 10;
/**
 * The recall estimate indexes at most this many training vectors (a uniform prefix of the shuffled
 * sample): indexing a whole 1M sample again would cost as long as the build of a shard.
 */
const RECALL_BASE_MAX = 100_000;

/** What a completed training job reports (GET /v1/jobs/{id} `result`). */
export interface TrainResult {
  generation: number;
  sampleSize: number;
  /** Upserts in the shards' logs the sample was drawn from. */
  scannedUpserts: number;
  trainSeconds: number;
  /** recall@10 of the new index (default nprobe, refine) against exact search, on vectors held out of training. */
  recallEstimate: RecallEstimate | null;
  shards: BuildShardResult[];
}

/**
 * The training job, in two steps of one BullMQ job. `train`: sample every shard's log uniformly,
 * train the IVF-PQ template once for the whole collection, store it as the new generation, then
 * queue one build job per shard and wait for them. `flip` (run again once every build completed):
 * switch the collection to the new generation atomically.
 */
@Injectable()
export class TrainHandler {
  constructor(
    @Inject(CollectionGenerationService) private readonly collections: CollectionGenerationService,
    @Inject(ShardLogReader) private readonly log: ShardLogReader,
    @Inject(GenerationStore) private readonly generations: GenerationStore,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  handle(job: JobContext<TrainJobData>): Promise<TrainResult> {
    return this.collections.runOrAbandon(job, () => (job.data.step === 'flip' ? this.flip(job) : this.train(job)));
  }

  private async train(job: JobContext<TrainJobData>): Promise<never> {
    const { collection, generation } = job.data;
    const manifest = await this.collections.require(job.data);
    if (this.collections.isDone(manifest, job.data)) throw new NonRetryableJobError(`generation ${generation} of ${collection} is already served`);
    const { index, dimension, metric } = manifest;
    if (index.type !== 'ivf_pq') throw new NonRetryableJobError(`collection ${collection} has a flat index: nothing to train`);
    if (this.config.backend !== 'faiss') throw new NonRetryableJobError('training needs the Faiss backend; this worker runs the exact brute-force mock (SHOAL_BACKEND=mock)');

    // The coordinator resolves the sample size in its preflight; this default only serves jobs queued by hand.
    const sampleSize = job.data.sampleSize ?? Math.min(DEFAULT_POINTS_PER_CENTROID * index.nlist, MAX_DEFAULT_SAMPLE);
    const sample = await sampleShardLogs(this.log, collection, manifest.shards, { dimension, sampleSize, heldOut: this.config.training.heldOut, seed: generation });
    await job.updateProgress(0.1);
    let template: Buffer;
    const t0 = performance.now();
    try {
      template = await trainIvfPqTemplate({ dimension, metric, index }, sample.train);
    } catch (error) {
      // Too few vectors or a spec Faiss refuses: retrying cannot help.
      throw new NonRetryableJobError(`training failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const trainSeconds = (performance.now() - t0) / 1000;
    await job.updateProgress(0.4);
    const base = sample.train.subarray(0, Math.min(sample.trainCount, RECALL_BASE_MAX) * dimension);
    const recallEstimate = sample.heldOutCount > 0 ? await estimateRecall({ dimension, metric, index }, template, base, sample.heldOut, RECALL_K) : null;
    await this.generations.putTemplate(collection, generation, template, {
      generation,
      dimension,
      metric,
      index,
      sampleSize: sample.trainCount,
      scannedUpserts: sample.scannedUpserts,
      trainSeconds,
      recallEstimate,
      createdAt: new Date().toISOString(),
    });
    this.logger.info({ collection, generation, sampleSize: sample.trainCount, trainSeconds, recall: recallEstimate?.recall }, 'template trained');
    await this.collections.markBuilding(job.data);
    await job.updateProgress(0.5);
    const children = Array.from({ length: manifest.shards }, (_, shard) => ({
      name: JobName.BuildShard,
      data: { collection, collectionCreatedAt: job.data.collectionCreatedAt, generation, shard },
      jobId: buildShardJobId(collection, job.data.collectionCreatedAt, generation, shard),
    }));
    return job.waitForChildren(children, { step: 'flip' });
  }

  private async flip(job: JobContext<TrainJobData>): Promise<TrainResult> {
    const { collection, generation } = job.data;
    await this.collections.require(job.data);
    const shards = Object.values(await job.childrenResults()) as BuildShardResult[];
    await this.collections.flip(job.data);
    // The previous generation stays until replicas swapped; older ones go.
    await this.generations.pruneGenerations(collection, generation - 1).catch((error: unknown) => this.logger.warn({ err: error, collection }, 'pruning old generations failed'));
    const { info } = await this.generations.getTemplate(collection, generation);
    this.logger.info({ collection, generation }, 'collection switched to the new generation');
    return {
      generation,
      sampleSize: info.sampleSize,
      scannedUpserts: info.scannedUpserts,
      trainSeconds: info.trainSeconds,
      recallEstimate: info.recallEstimate,
      shards: shards.sort((a, b) => a.shard - b.shard),
    };
  }
}
