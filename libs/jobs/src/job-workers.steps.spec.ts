import { startRedisServer, type RunningRedisServer } from '@shoal/testing';
import type { ChildJob, JobContext } from './job-context';
import type { TrainJobData } from './job-data';
import { buildShardJobId, trainJobId } from './job-ids';
import { JobName } from './job-names';
import { JobQueues } from './job-queues';
import { JobWorkers } from './job-workers';
import { NonRetryableJobError } from './jobs.error';
import { CREATED_AT, handlers, trainData, uniqueBullPrefix, untilState } from './testing/jobs.fixture';

let redis: RunningRedisServer;
let queues: JobQueues;
let workers: JobWorkers;
let prefix: string;

const SHARDS = 3;
const trainId = trainJobId('docs', CREATED_AT, 1);
const shardIds = Array.from({ length: SHARDS }, (_, shard) => buildShardJobId('docs', CREATED_AT, 1, shard));

/** The training job's two steps, as the worker app runs them. */
function trainHandler(runs: string[]) {
  return async (job: JobContext<TrainJobData>) => {
    runs.push(job.data.step);
    if (job.data.step === 'flip') return { generation: job.data.generation, shards: await job.childrenResults() };
    const children: ChildJob<JobName.BuildShard>[] = shardIds.map((jobId, shard) => ({
      name: JobName.BuildShard,
      data: { collection: job.data.collection, collectionCreatedAt: job.data.collectionCreatedAt, generation: job.data.generation, shard },
      jobId,
    }));
    return job.waitForChildren(children, { step: 'flip' });
  };
}

async function start(given: Parameters<typeof handlers>[0]): Promise<void> {
  workers = new JobWorkers({ redisUrl: redis.url, prefix, backoffMs: 10, attempts: 2, concurrency: { 'shoal-index': 4 } });
  workers.register(handlers(given));
  await workers.start();
}

beforeAll(async () => {
  redis = await startRedisServer();
});
beforeEach(async () => {
  prefix = uniqueBullPrefix();
  queues = await JobQueues.connect({ redisUrl: redis.url, prefix });
});
afterEach(async () => {
  await workers.close();
  await queues.close();
});
afterAll(() => redis.stop());

describe('step jobs: a parent waiting for its children (real Redis)', () => {
  it('spawns 3 children, waits, then runs again with step flip and sees every child result', async () => {
    const runs: string[] = [];
    const release = { go: () => undefined as void };
    const gate = new Promise<void>((resolve) => (release.go = resolve));
    await start({
      train: trainHandler(runs),
      buildShard: async (job) => {
        await gate;
        return { shard: job.data.shard, bytes: 100 * (job.data.shard + 1) };
      },
    });
    await queues.add(JobName.Train, trainData(), trainId);
    // While the children run (held by the gate), the parent is active from the user's view.
    await untilState(queues, shardIds[2], 'active');
    expect(await queues.get(trainId)).toMatchObject({ state: 'active' });
    release.go();

    const done = await untilState(queues, trainId, 'completed');
    expect(done.result).toEqual({
      generation: 1,
      shards: Object.fromEntries(shardIds.map((id, shard) => [id, { shard, bytes: 100 * (shard + 1) }])),
    });
    expect(runs).toEqual(['train', 'flip']);
    for (const id of shardIds) expect(await queues.get(id)).toMatchObject({ type: 'build-shard', collection: 'docs', state: 'completed' });
    expect((await queues.list({ collection: 'docs' })).map((job) => job.type).sort()).toEqual(['build-shard', 'build-shard', 'build-shard', 'train']);
  });

  it('runs the next step at once when every child had already completed', async () => {
    const runs: string[] = [];
    await start({ train: trainHandler(runs), buildShard: async (job) => ({ shard: job.data.shard }) });
    // The children exist and completed before their parent asks for them (e.g. a retried parent).
    for (const [shard, id] of shardIds.entries()) await queues.add(JobName.BuildShard, { ...trainData(), shard }, id);
    for (const id of shardIds) await untilState(queues, id, 'completed');
    await queues.add(JobName.Train, trainData(), trainId);
    const done = await untilState(queues, trainId, 'completed');
    expect(done.result).toEqual({ generation: 1, shards: Object.fromEntries(shardIds.map((id, shard) => [id, { shard }])) });
    expect(runs).toEqual(['train', 'flip']);
  });

  it('fails the parent when a child fails for good', async () => {
    const runs: string[] = [];
    await start({
      train: trainHandler(runs),
      buildShard: async (job) => {
        if (job.data.shard === 1) throw new NonRetryableJobError('shard 1 has no template');
        return { shard: job.data.shard };
      },
    });
    await queues.add(JobName.Train, trainData(), trainId);
    expect(await untilState(queues, shardIds[1], 'failed')).toMatchObject({ error: 'shard 1 has no template' });
    const parent = await untilState(queues, trainId, 'failed');
    expect(parent.error).toContain(shardIds[1]);
    expect(runs).toEqual(['train']);
  });
});
