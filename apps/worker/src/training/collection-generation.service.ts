import { Inject, Injectable } from '@nestjs/common';
import { ClusterStateRepository, type CollectionManifest } from '@shoal/cluster-state';
import { NonRetryableJobError } from '@shoal/jobs';
import type { Logger } from 'pino';
import { WORKER_LOGGER } from '../worker.tokens';

/** What every index job names: the collection (and which incarnation of its name) and the generation being made. */
export interface GenerationJob {
  collection: string;
  collectionCreatedAt: string;
  generation: number;
}

/**
 * The collection-state side of making a generation: `training` → `building` → flip to `ready` with
 * the new generation, or back to what it was when the job fails for good. Every change is a
 * compare-and-set that only applies while the manifest still names this job's generation as
 * pending, so a deleted collection, a newer request or a repeated job cannot clobber anything.
 */
@Injectable()
export class CollectionGenerationService {
  constructor(
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {}

  /** The manifest the job works for; fails for good when the collection was deleted (or re-created) since. */
  async require(job: GenerationJob): Promise<CollectionManifest> {
    const manifest = await this.repo.getCollection(job.collection);
    if (manifest === null || manifest.createdAt !== job.collectionCreatedAt) {
      throw new NonRetryableJobError(`collection ${job.collection} was deleted after the job was queued`);
    }
    return manifest;
  }

  /** True when this generation is already served (a re-run after the flip must not redo it). */
  isDone(manifest: CollectionManifest, job: GenerationJob): boolean {
    return manifest.generation >= job.generation;
  }

  async markBuilding(job: GenerationJob): Promise<void> {
    await this.update(job, (m) => ({ ...m, state: 'building' }));
  }

  /** Serves the new generation: replicas see the manifest change and swap their indexes in. */
  async flip(job: GenerationJob): Promise<void> {
    await this.update(job, (m) => {
      const { pending: _done, ...rest } = m;
      return { ...rest, generation: job.generation, state: 'ready' };
    });
  }

  /**
   * Runs one step of a generation job; when it fails for good (not retryable, or its last attempt;
   * a build's failure also fails its parent) the collection goes back to what it served before.
   */
  async runOrAbandon<T>(job: { data: GenerationJob; isFinalAttempt(): boolean }, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof NonRetryableJobError || job.isFinalAttempt()) await this.abandon(job.data, String(error));
      throw error;
    }
  }

  /** The job failed for good: the collection goes back to serving what it served before. */
  async abandon(job: GenerationJob, reason: string): Promise<void> {
    try {
      await this.update(job, (m) => {
        const { pending: _abandoned, ...rest } = m;
        return { ...rest, state: m.generation > 0 ? 'ready' : 'exact' };
      });
      this.logger.warn({ collection: job.collection, generation: job.generation, reason }, 'generation abandoned');
    } catch (error) {
      this.logger.error({ err: error, collection: job.collection, generation: job.generation }, 'could not reset the collection state after a failed generation');
    }
  }

  private async update(job: GenerationJob, change: (m: CollectionManifest) => CollectionManifest): Promise<void> {
    await this.repo.updateCollection(job.collection, (m) =>
      m.createdAt === job.collectionCreatedAt && m.pending?.generation === job.generation ? change(m) : m,
    );
  }
}
