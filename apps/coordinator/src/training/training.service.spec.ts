import { randomUUID } from 'node:crypto';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { manifestOf } from '@shoal/cluster-state/testing';
import { ApiError, ApiErrorCode } from '@shoal/contracts';
import { JobQueues, JobsError, JobsErrorCode, trainJobId } from '@shoal/jobs';
import { startRedisServer, type RunningRedisServer } from '@shoal/testing';
import type { CollectionsService } from '../collections/collections.service';
import { CoordinatorConfig } from '../common/coordinator.config';
import { TrainingService } from './training.service';

const CREATED_AT = '2026-11-25T00:00:00.000Z';
const manifest = manifestOf('docs', { dimension: 8, index: { type: 'ivf_pq', nlist: 4, m: 4 }, createdAt: CREATED_AT });

let redis: RunningRedisServer;
let repo: ClusterStateRepository;
let queues: JobQueues;
const config = CoordinatorConfig.fromEnv({ REDIS_URL: 'redis://127.0.0.1:1', SHOAL_CLUSTER_TOKEN: 'a-secret-of-16-chars', SHOAL_DATA_DIR: '/tmp/unused' });

/** The collection lookups the service needs, over the real repository; the shards report 1000 vectors. */
function collectionsOver(repository: ClusterStateRepository): CollectionsService {
  const require = async (name: string) => {
    const found = await repository.getCollection(name);
    if (found === null) throw new ApiError(ApiErrorCode.NotFound, `collection ${name} does not exist`);
    return found;
  };
  return { require, vectorsOf: async () => 1000 } as unknown as CollectionsService;
}

beforeAll(async () => {
  redis = await startRedisServer();
});
beforeEach(async () => {
  const prefix = `training-spec-${randomUUID().slice(0, 8)}:`;
  repo = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix });
  queues = await JobQueues.connect({ redisUrl: redis.url, prefix: `${prefix}bull` });
  await repo.createCollection(manifest);
});
afterEach(async () => {
  await queues.close();
  await repo.close();
});
afterAll(() => redis.stop());

describe('TrainingService (real Redis)', () => {
  it('two concurrent requests queue one job and both answer its id', async () => {
    const service = new TrainingService(repo, collectionsOver(repo), queues, config);
    const answers = await Promise.all([service.train('docs', {}), service.train('docs', {})]);
    const jobId = trainJobId('docs', CREATED_AT, 1);
    expect(answers).toEqual([{ jobId }, { jobId }]);
    expect((await queues.list()).map((job) => job.id)).toEqual([jobId]);
    expect(await repo.getCollection('docs')).toMatchObject({ state: 'training', pending: { generation: 1, jobId } });
  });

  it('releases the lock and answers 503 when the job cannot be queued', async () => {
    const failingAdd = {
      get: (id: string) => queues.get(id),
      add: async () => {
        throw new JobsError(JobsErrorCode.Unavailable, 'could not add train job: Connection is closed.');
      },
    } as unknown as JobQueues;
    const service = new TrainingService(repo, collectionsOver(repo), failingAdd, config);
    await expect(service.train('docs', {})).rejects.toMatchObject({ code: ApiErrorCode.Unavailable, message: 'the job queue (Redis) is unavailable' });
    const after = await repo.getCollection('docs');
    expect(after).toMatchObject({ state: 'exact', generation: 0 });
    expect(after?.pending).toBeUndefined();
  });

  it('adopts a queued job whose lock was lost instead of queueing another generation', async () => {
    const service = new TrainingService(repo, collectionsOver(repo), queues, config);
    const { jobId } = await service.train('docs', {});
    // As if a coordinator released the lock after queueing (its add timed out but had landed).
    await repo.updateCollection('docs', ({ pending: _lost, ...m }) => ({ ...m, state: 'exact' }));
    expect(await service.train('docs', {})).toEqual({ jobId });
    expect(await repo.getCollection('docs')).toMatchObject({ state: 'training', pending: { generation: 1, jobId } });
  });
});
