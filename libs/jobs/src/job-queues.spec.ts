import { freePort, startRedisServer, type RunningRedisServer } from '@shoal/testing';
import { importJobId, trainJobId } from './job-ids';
import { JobName } from './job-names';
import { JobQueues } from './job-queues';
import { JobsErrorCode } from './jobs.error';
import { CREATED_AT, importData, trainData, uniqueBullPrefix } from './testing/jobs.fixture';

let redis: RunningRedisServer;
let queues: JobQueues;

beforeAll(async () => {
  redis = await startRedisServer();
});
beforeEach(async () => {
  queues = await JobQueues.connect({ redisUrl: redis.url, prefix: uniqueBullPrefix() });
});
afterEach(() => queues.close());
afterAll(() => redis.stop());

describe('JobQueues (real Redis, no worker)', () => {
  it('adds a job once: a second add of the id reports created false and changes nothing', async () => {
    const id = trainJobId('docs', CREATED_AT, 1);
    expect(await queues.add(JobName.Train, { ...trainData(), sampleSize: 5000 }, id)).toEqual({ id, created: true });
    expect(await queues.add(JobName.Train, { ...trainData(), sampleSize: 9 }, id)).toEqual({ id, created: false });
    const info = await queues.get(id);
    expect(info).toEqual({ id, type: 'train', collection: 'docs', state: 'waiting', progress: 0, attempts: 0, createdAt: expect.any(String) });
    expect(Date.now() - Date.parse(info?.createdAt ?? '')).toBeLessThan(60_000);
  });

  it('finds jobs in both queues, and null for an unknown id', async () => {
    const importId = importJobId('docs', CREATED_AT, importData().source);
    await queues.add(JobName.Import, importData(), importId);
    await queues.add(JobName.Train, trainData(), trainJobId('docs', CREATED_AT, 1));
    expect(await queues.get(importId)).toMatchObject({ type: 'import', state: 'waiting' });
    expect(await queues.get('import.docs.nothing')).toBeNull();
  });

  it('lists newest first, filtered by collection, up to the limit', async () => {
    const ids: string[] = [];
    for (const [i, collection] of ['docs', 'other', 'docs', 'docs'].entries()) {
      const id = importJobId(collection, CREATED_AT, importData(collection, `imports/f${i}`).source);
      await queues.add(JobName.Import, importData(collection, `imports/f${i}`), id);
      ids.push(id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const train = trainJobId('docs', CREATED_AT, 1);
    await queues.add(JobName.Train, trainData(), train);
    expect((await queues.list()).map((job) => job.id)).toEqual([train, ids[3], ids[2], ids[1], ids[0]]);
    expect((await queues.list({ collection: 'docs' })).map((job) => job.id)).toEqual([train, ids[3], ids[2], ids[0]]);
    expect((await queues.list({ collection: 'docs', limit: 2 })).map((job) => job.id)).toEqual([train, ids[3]]);
    expect(await queues.list({ collection: 'none' })).toEqual([]);
    await expect(queues.list({ limit: 0 })).rejects.toThrow(RangeError);
  });

  it('keeps clusters apart: another prefix sees none of these jobs', async () => {
    await queues.add(JobName.Import, importData(), 'import.docs.a.b');
    const other = await JobQueues.connect({ redisUrl: redis.url, prefix: uniqueBullPrefix() });
    try {
      expect(await other.get('import.docs.a.b')).toBeNull();
      expect(await other.list()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses ids BullMQ would refuse', async () => {
    await expect(queues.add(JobName.Import, importData(), 'import:docs')).rejects.toThrow(RangeError);
    await expect(queues.add(JobName.Import, importData(), '42')).rejects.toThrow(RangeError);
  });

  it('fails to connect with UNAVAILABLE naming the URL without its password', async () => {
    const url = `redis://:secret@127.0.0.1:${await freePort()}`;
    const error = await JobQueues.connect({ redisUrl: url, prefix: uniqueBullPrefix(), connectTimeoutMs: 300, onError: () => undefined }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'JobsError', code: JobsErrorCode.Unavailable });
    expect((error as Error).message).toMatch(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    // ioredis keeps a 2 s timer after disconnecting a refused socket; let it run out inside the test.
    await new Promise((resolve) => setTimeout(resolve, 2100));
  });
});

describe('JobQueues counts (real Redis)', () => {
  it('counts jobs per queue and state, zero for empty ones', async () => {
    await queues.add(JobName.Import, importData(), importJobId('docs', CREATED_AT, importData().source));
    await queues.add(JobName.Train, trainData(), trainJobId('docs', CREATED_AT, 1));
    await queues.add(JobName.Train, trainData('other'), trainJobId('other', CREATED_AT, 1));
    const zero = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
    expect(await queues.counts()).toEqual({ 'shoal-index': { ...zero, waiting: 2 }, 'shoal-import': { ...zero, waiting: 1 } });
  });
});
