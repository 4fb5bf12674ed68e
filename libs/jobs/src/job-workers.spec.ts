import { startRedisServer, waitFor, type RunningRedisServer } from '@shoal/testing';
import { importJobId } from './job-ids';
import { JobName } from './job-names';
import { JobQueues } from './job-queues';
import { JobWorkers } from './job-workers';
import type { JobRunEvent, JobWorkersOptions } from './job-workers.options';
import { JobsErrorCode, NonRetryableJobError } from './jobs.error';
import { CREATED_AT, deferred, handlers, importData, uniqueBullPrefix, untilState } from './testing/jobs.fixture';

let redis: RunningRedisServer;
let prefix: string;
let queues: JobQueues;
const workers: JobWorkers[] = [];
const releases: (() => void)[] = [];

/** A started JobWorkers on this test's prefix, closed after the test. Retries back off 10 ms. */
async function startWorkers(given: Parameters<typeof handlers>[0], options: Partial<JobWorkersOptions> = {}): Promise<JobWorkers> {
  const jobWorkers = new JobWorkers({ redisUrl: redis.url, prefix, backoffMs: 10, ...options });
  workers.push(jobWorkers);
  jobWorkers.register(handlers(given));
  await jobWorkers.start();
  return jobWorkers;
}

const source = importData().source;
const importId = importJobId('docs', CREATED_AT, source);

beforeAll(async () => {
  redis = await startRedisServer();
});
beforeEach(async () => {
  prefix = uniqueBullPrefix();
  queues = await JobQueues.connect({ redisUrl: redis.url, prefix, backoffMs: 10 });
});
afterEach(async () => {
  releases.splice(0).forEach((release) => release());
  await Promise.all(workers.splice(0).map((w) => w.close()));
  await queues.close();
});
afterAll(() => redis.stop());

describe('JobWorkers lifecycle', () => {
  it('refuses handler lists that miss or repeat a job name, naming them', () => {
    const jobWorkers = new JobWorkers({ redisUrl: redis.url, prefix });
    const [train, buildShard] = handlers({});
    expect(() => jobWorkers.register([train, train, buildShard])).toThrow(
      expect.objectContaining({ code: JobsErrorCode.InvalidHandlers, message: 'invalid job handlers: no handler for import; more than one handler for train (2 handlers)' }),
    );
  });

  it('refuses start before register, and a second register', async () => {
    const jobWorkers = new JobWorkers({ redisUrl: redis.url, prefix });
    await expect(jobWorkers.start()).rejects.toMatchObject({ code: JobsErrorCode.InvalidState });
    jobWorkers.register(handlers({}));
    expect(() => jobWorkers.register(handlers({}))).toThrow(expect.objectContaining({ code: JobsErrorCode.InvalidState }));
  });
});

describe('JobWorkers running jobs (real Redis)', () => {
  it('shows a running job as active with its progress, then completed with its result', async () => {
    const hold = deferred();
    releases.push(hold.resolve);
    await startWorkers({
      import: async (job) => {
        await job.updateProgress(0.5);
        await job.log('half way');
        await hold.promise;
        return { records: 7, collection: job.data.collection };
      },
    });
    await queues.add(JobName.Import, importData(), importId);
    await untilState(queues, importId, 'active');
    expect(await queues.get(importId)).toMatchObject({ state: 'active', progress: 0.5 });
    expect((await queues.list({ collection: 'docs' })).map((job) => job.state)).toEqual(['active']);
    hold.resolve();
    const done = await untilState(queues, importId, 'completed');
    expect(done).toMatchObject({ type: 'import', collection: 'docs', progress: 1, result: { records: 7, collection: 'docs' } });
    expect(done.finishedAt).toEqual(expect.any(String));
    expect(done.error).toBeUndefined();
  });

  it('fails a NonRetryableJobError at the first attempt, with its message', async () => {
    let runs = 0;
    await startWorkers({
      import: async () => {
        runs++;
        throw new NonRetryableJobError('source.key "x" is not a jsonl file');
      },
    });
    await queues.add(JobName.Import, importData(), importId);
    expect(await untilState(queues, importId, 'failed')).toMatchObject({ attempts: 1, error: 'source.key "x" is not a jsonl file', finishedAt: expect.any(String) });
    expect(runs).toBe(1);
  });

  it('retries a plain error up to the attempts, keeping the failed job and its error', async () => {
    let runs = 0;
    await startWorkers({
      import: async (job) => {
        runs++;
        expect(job.attemptsMade).toBe(runs - 1);
        expect(job.isFinalAttempt()).toBe(runs === 3);
        throw new Error(`flaky ${runs}`);
      },
    });
    await queues.add(JobName.Import, importData(), importId);
    expect(await untilState(queues, importId, 'failed')).toMatchObject({ attempts: 3, error: 'flaky 3' });
    expect(runs).toBe(3);
  });

  it('persists updateData across a retry', async () => {
    const seen: (number | undefined)[] = [];
    await startWorkers({
      import: async (job) => {
        seen.push(job.data.committedOffset);
        if (seen.length === 1) {
          await job.updateData({ committedOffset: 4096, committedRecords: 10 });
          expect(job.data).toMatchObject({ committedOffset: 4096, committedRecords: 10, source });
          throw new Error('connection reset');
        }
        return { from: job.data.committedOffset, records: job.data.committedRecords };
      },
    });
    await queues.add(JobName.Import, importData(), importId);
    expect(await untilState(queues, importId, 'completed')).toMatchObject({ attempts: expect.any(Number), result: { from: 4096, records: 10 } });
    expect(seen).toEqual([undefined, 4096]);
  });

  it('retry() runs a failed job again with its attempts reset and its data kept', async () => {
    let runs = 0;
    await startWorkers({
      import: async (job) => {
        runs++;
        if (runs === 1) {
          await job.updateData({ committedOffset: 99 });
          throw new NonRetryableJobError('bad record at 99');
        }
        return { resumedAt: job.data.committedOffset };
      },
    });
    await queues.add(JobName.Import, importData(), importId);
    await untilState(queues, importId, 'failed');
    expect(await queues.retry(importId)).toBe(true);
    expect(await untilState(queues, importId, 'completed')).toMatchObject({ result: { resumedAt: 99 } });
    expect(await queues.retry(importId)).toBe(false);
    expect(await queues.retry('import.none.x')).toBe(false);
  });
});

describe('JobWorkers stopping mid-job', () => {
  it('a worker that dies mid-job: another picks the job up once its lock expires and resumes from the committed data', async () => {
    const fast = { lockDurationMs: 1000, stalledIntervalMs: 300 };
    const committed = deferred();
    const stuck = deferred();
    releases.push(stuck.resolve);
    const first = await startWorkers(
      {
        import: async (job) => {
          await job.updateData({ committedOffset: 1000, committedRecords: 5 });
          committed.resolve();
          // Ignores the shutdown signal, like a process that is killed.
          await stuck.promise;
          return 'never reported';
        },
      },
      fast,
    );
    await queues.add(JobName.Import, importData(), importId);
    await committed.promise;
    await first.close(0);
    expect(await queues.get(importId)).toMatchObject({ state: 'active' });

    await startWorkers({ import: async (job) => ({ resumedAt: job.data.committedOffset, records: job.data.committedRecords }) }, fast);
    expect(await untilState(queues, importId, 'completed', 15_000)).toMatchObject({ result: { resumedAt: 1000, records: 5 } });
  });

  it('a graceful close aborts the handler and puts its job back to waiting without using an attempt', async () => {
    const started = deferred();
    const first = await startWorkers({
      import: async (job) => {
        await job.updateData({ committedOffset: 2048 });
        started.resolve();
        await new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(new Error(`aborted: ${String(job.signal.reason)}`))));
        return 'not reached';
      },
    });
    await queues.add(JobName.Import, importData(), importId);
    await started.promise;
    await first.close();
    expect(await queues.get(importId)).toMatchObject({ state: 'waiting', attempts: 0 });

    await startWorkers({ import: async (job) => ({ resumedAt: job.data.committedOffset, attemptsMade: job.attemptsMade }) });
    expect(await untilState(queues, importId, 'completed')).toMatchObject({ result: { resumedAt: 2048, attemptsMade: 0 } });
  });
});

describe('JobWorkers readiness probe', () => {
  it('answers only between start and close', async () => {
    const jobWorkers = new JobWorkers({ redisUrl: redis.url, prefix });
    await expect(jobWorkers.ping()).rejects.toMatchObject({ code: JobsErrorCode.Unavailable, message: 'job workers are not started' });
    workers.push(jobWorkers);
    jobWorkers.register(handlers({}));
    await jobWorkers.start();
    await expect(jobWorkers.ping()).resolves.toBeUndefined();
    await jobWorkers.close(0);
    await expect(jobWorkers.ping()).rejects.toMatchObject({ code: JobsErrorCode.Unavailable, message: 'job workers are closing' });
  });

  it('fails, naming a queue, once Redis is gone (a private server, stopped)', async () => {
    let doomed = await startRedisServer();
    const jobWorkers = new JobWorkers({ redisUrl: doomed.url, prefix, onError: () => undefined });
    jobWorkers.register(handlers({}));
    await jobWorkers.start();
    try {
      await jobWorkers.ping();
      await doomed.stop();
      await expect(jobWorkers.ping()).rejects.toMatchObject({ code: JobsErrorCode.Unavailable, message: expect.stringMatching(/^the shoal-[a-z]+ queue worker/) });
      // Back on the same port: the workers reconnect by themselves, and can then close cleanly.
      doomed = await startRedisServer({ port: doomed.port });
      await waitFor(() => jobWorkers.ping().then(() => true, () => false), { description: 'workers reconnected' });
    } finally {
      await jobWorkers.close(0);
      await doomed.stop();
    }
  }, 20_000);
});

describe('JobWorkers run hook (metrics)', () => {
  it('reports each run of a handler with its name, outcome and duration', async () => {
    const runs: JobRunEvent[] = [];
    await startWorkers(
      {
        import: async (job) => {
          if (job.data.collection === 'bad') throw new NonRetryableJobError('bad input');
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { ok: true };
        },
      },
      { onJobRun: (event) => runs.push(event) },
    );
    const badId = importJobId('bad', CREATED_AT, source);
    await queues.add(JobName.Import, importData(), importId);
    await queues.add(JobName.Import, importData('bad'), badId);
    await untilState(queues, importId, 'completed');
    await untilState(queues, badId, 'failed');
    await waitFor(() => runs.length === 2, { description: 'two runs reported' });
    expect(runs).toEqual(expect.arrayContaining([{ name: 'import', outcome: 'completed', durationMs: expect.any(Number) }, { name: 'import', outcome: 'failed', durationMs: expect.any(Number) }]));
    expect(runs.find((run) => run.outcome === 'completed')?.durationMs).toBeGreaterThanOrEqual(15);
  });

  it('a hook that throws never changes the job outcome', async () => {
    const errors: Error[] = [];
    await startWorkers({ import: async () => ({ ok: true }) }, { onJobRun: () => { throw new Error('hook broke'); }, onError: (error) => errors.push(error) });
    await queues.add(JobName.Import, importData(), importId);
    await untilState(queues, importId, 'completed');
    await waitFor(() => errors.length > 0, { description: 'hook error reported' });
    expect(errors[0].message).toBe('hook broke');
  });
});

describe('JobWorkers shutdown during a Redis outage', () => {
  it('closes within its grace and disconnect bound when Redis has gone away', async () => {
    const own = await startRedisServer();
    const jobWorkers = new JobWorkers({ redisUrl: own.url, prefix, backoffMs: 10, closeGraceMs: 200 });
    jobWorkers.register(handlers({}));
    await jobWorkers.start();
    await own.stop();
    const started = Date.now();
    await jobWorkers.close();
    expect(Date.now() - started).toBeLessThan(8000);
  }, 30_000);
});
