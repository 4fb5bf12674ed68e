import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClusterStateRepository, type CollectionManifest } from '@shoal/cluster-state';
import { ApiError, ApiErrorCode, type JobAccepted, type TrainRequest } from '@shoal/contracts';
import { JobName, JobQueues, trainJobId, trainingPreflight, type TrainingProblem } from '@shoal/jobs';
import { CollectionsService } from '../collections/collections.service';
import { CoordinatorConfig } from '../common/coordinator.config';
import { jobsUnavailable } from '../jobs/jobs-api-error';

/** Rounds of `train` when the manifest changes under it (a training finished, the collection was re-created). */
const MAX_ROUNDS = 5;
/** Failed trainings skipped at most when looking for the next free generation. */
const MAX_BURNT_GENERATIONS = 1000;

/** Thrown inside a manifest update to leave the manifest untouched; carries what was found instead. */
class Unchanged {
  constructor(readonly pending?: { generation: number; jobId: string }) {}
}

/**
 * Starts trainings: the manifest's `pending` is the lock. A collection has at most one pending
 * generation; asking again answers that job's id. Generation G's job id is deterministic, so
 * coordinators racing queue one job; a failed training leaves its job (and id) behind, so the next
 * training takes the next generation number instead of reusing it.
 */
@Injectable()
export class TrainingService {
  private readonly logger = new Logger('TrainingService');

  constructor(
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(CollectionsService) private readonly collections: CollectionsService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
  ) {}

  async train(name: string, request: TrainRequest): Promise<JobAccepted> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const accepted = await this.tryTrain(await this.collections.require(name), request);
      if (accepted !== undefined) return accepted;
    }
    throw new ApiError(ApiErrorCode.Unavailable, `collection ${JSON.stringify(name)} kept changing while a training was being started; retry`, { collection: name });
  }

  /** One attempt from a read manifest; undefined when the manifest changed and the caller should read it again. */
  private async tryTrain(manifest: CollectionManifest, request: TrainRequest): Promise<JobAccepted | undefined> {
    const { name, index, dimension } = manifest;
    if (index.type !== 'ivf_pq') throw ApiError.invalid('index.type', 'is flat: there is nothing to train (only ivf_pq collections train)', { collection: name });
    if (manifest.pending !== undefined && (await this.isLive(manifest.pending.jobId))) return { jobId: manifest.pending.jobId };
    if (manifest.pending !== undefined) {
      // Its job failed or never got queued (a coordinator died in between): the lock is stale.
      await this.release(name, manifest.pending.jobId);
      return undefined;
    }
    const vectors = await this.collections.vectorsOf(manifest);
    const preflight = trainingPreflight({ dimension, index, vectors, sampleSize: request.sampleSize, maxTrainBytes: this.config.trainMaxBytes });
    if (!preflight.ok) throw preflightError(name, preflight.problems);

    const generation = await this.nextGeneration(manifest);
    const jobId = trainJobId(name, manifest.createdAt, generation);
    const claim = await this.claim(manifest, generation, jobId);
    if (claim !== jobId) return claim === undefined ? undefined : { jobId: claim };
    try {
      await this.queues.add(JobName.Train, { collection: name, collectionCreatedAt: manifest.createdAt, generation, sampleSize: preflight.plan.sampleSize, step: 'train' }, jobId);
    } catch (error) {
      await this.release(name, jobId);
      return jobsUnavailable(error);
    }
    this.logger.log(`collection ${name}: training of generation ${generation} queued as ${jobId} (sample ${preflight.plan.sampleSize} of ${vectors} vectors)`);
    return { jobId };
  }

  /** Whether the job exists and has not failed (waiting, running or done). */
  private async isLive(jobId: string): Promise<boolean> {
    const info = await this.queues.get(jobId).catch(jobsUnavailable);
    return info !== null && info.state !== 'failed';
  }

  /**
   * The first generation after the served one whose training job is free: absent, or queued or
   * running without a lock (orphaned by a coordinator that died between queueing and locking:
   * adopt it). A failed or finished job burns its generation number.
   */
  private async nextGeneration(manifest: CollectionManifest): Promise<number> {
    for (let generation = manifest.generation + 1; generation <= manifest.generation + MAX_BURNT_GENERATIONS; generation++) {
      const info = await this.queues.get(trainJobId(manifest.name, manifest.createdAt, generation)).catch(jobsUnavailable);
      if (info === null || info.state === 'waiting' || info.state === 'active') return generation;
    }
    throw new ApiError(ApiErrorCode.Unavailable, `collection ${manifest.name}: the last ${MAX_BURNT_GENERATIONS} trainings failed; remove failed jobs before training again`, {
      collection: manifest.name,
    });
  }

  /**
   * Compare-and-set of the lock: `pending` = this job, state training. Resolves the job id that
   * holds the lock (another coordinator's when it won), or undefined when the manifest changed.
   */
  private async claim(read: CollectionManifest, generation: number, jobId: string): Promise<string | undefined> {
    try {
      const updated = await this.repo.updateCollection(read.name, (m) => {
        if (m.pending !== undefined) throw new Unchanged(m.pending);
        if (m.createdAt !== read.createdAt || m.generation !== read.generation) throw new Unchanged();
        return { ...m, state: 'training', pending: { generation, jobId } };
      });
      return updated.pending?.jobId;
    } catch (error) {
      if (error instanceof Unchanged) return error.pending?.jobId;
      throw error;
    }
  }

  /** Drops the lock if `jobId` still holds it, back to the served generation's state. Best effort. */
  private async release(name: string, jobId: string): Promise<void> {
    try {
      await this.repo.updateCollection(name, (m) => {
        if (m.pending?.jobId !== jobId) throw new Unchanged(m.pending);
        const { pending: _released, ...rest } = m;
        return { ...rest, state: m.generation === 0 ? 'exact' : 'ready' };
      });
    } catch (error) {
      if (!(error instanceof Unchanged)) this.logger.warn(`collection ${name}: could not release the training lock of ${jobId}: ${String(error)}`);
    }
  }
}

/** A 400 listing every problem; `field` and `rule` of the details are the first one's. */
function preflightError(collection: string, problems: readonly TrainingProblem[]): ApiError {
  const listed = problems.map(({ field, rule }) => `${field} ${rule}`).join('; ');
  return new ApiError(ApiErrorCode.InvalidArgument, `cannot train ${collection}: ${listed}`, { field: problems[0].field, rule: problems[0].rule, problems });
}
