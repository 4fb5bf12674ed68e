import type { JobInfo } from '@shoal/contracts';
import { startRedisServer, type RunningRedisServer } from '@shoal/testing';
import { Queue, Worker, type Job, type JobType } from 'bullmq';
import { toJobInfo } from './job-info.mapper';
import { JobName, QueueName } from './job-names';
import { JobQueues } from './job-queues';
import { importData, trainData, uniqueBullPrefix } from './testing/jobs.fixture';

/*
 * JobQueues.list against a real Redis holding jobs in every state it lists. The jobs are put in
 * their states as a worker would (BullMQ's manual processing: getNextJob, then moveToCompleted /
 * moveToFailed), under a fake Date.now, so their creation and finish times are chosen.
 */

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const TOKEN = 'list-spec';
/** BullMQ's states as the former `list` read them, in its order (a job's first sighting wins). */
const ALL_STATES: readonly JobType[] = ['active', 'waiting-children', 'waiting', 'prioritized', 'delayed', 'paused', 'completed', 'failed'];

type Kind = JobName.Train | JobName.Import;
type Filter = { collection?: string; limit?: number };

let redis: RunningRedisServer;
let prefix: string;
/** Fails a job at its first failure. */
let queues: JobQueues;
/** Retries a job once, a day after its first failure: a failed job of it waits in delayed. */
let retrying: JobQueues;
let workers: Record<Kind, Worker>;
/** Plain queues for the reference read, in JobQueues' order (index queue first). */
let plain: Queue[];
/** What Date.now answers, in the producers and workers alike. */
let now = T0;

beforeAll(async () => {
  redis = await startRedisServer();
});
beforeEach(async () => {
  prefix = uniqueBullPrefix();
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  queues = await JobQueues.connect({ redisUrl: redis.url, prefix, attempts: 1 });
  retrying = await JobQueues.connect({ redisUrl: redis.url, prefix, attempts: 2, backoffMs: 24 * 60 * MINUTE });
  const worker = (queue: QueueName) => new Worker(queue, null, { connection: { url: redis.url }, prefix, autorun: false });
  workers = { [JobName.Train]: worker(QueueName.Index), [JobName.Import]: worker(QueueName.Import) };
  plain = [QueueName.Index, QueueName.Import].map((queue) => new Queue(queue, { connection: { url: redis.url }, prefix }));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all([queues.close(), retrying.close(), ...Object.values(workers).map((worker) => worker.close(true)), ...plain.map((queue) => queue.close())]);
});
afterAll(() => redis.stop());

/** Adds job `id` created at `createdAt`; it stays waiting. */
async function add(kind: Kind, id: string, collection: string, createdAt: number, producer = queues): Promise<void> {
  now = createdAt;
  if (kind === JobName.Train) await producer.add(JobName.Train, trainData(collection), id);
  else await producer.add(JobName.Import, importData(collection, `imports/${id}.jsonl`), id);
}

/** Adds job `id` created at `createdAt` and takes it as a worker would: it is then active. Needs an empty wait list. */
async function start(kind: Kind, id: string, collection: string, createdAt: number, producer = queues): Promise<Job> {
  await add(kind, id, collection, createdAt, producer);
  const job = await workers[kind].getNextJob(TOKEN, { block: false });
  if (job?.id !== id) throw new Error(`took job ${job?.id} instead of ${id}`);
  return job;
}

/** Finishes an active job at `finishedOn`; a failure of a `retrying` job moves it to delayed. */
async function finish(job: Job, outcome: 'completed' | 'failed', finishedOn: number): Promise<void> {
  now = finishedOn;
  if (outcome === 'completed') await job.moveToCompleted({ rows: 1 }, TOKEN, false);
  else await job.moveToFailed(new Error(`job ${job.id} broke`), TOKEN, false);
}

function byNewest(a: JobInfo, b: JobInfo): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1;
}

/** The list a read of every kept job gives (what `list` did before it paged): each state whole. */
async function readAll(filter: Filter = {}): Promise<JobInfo[]> {
  const byId = new Map<string, JobInfo>();
  for (const queue of plain) {
    for (const state of ALL_STATES) {
      for (const job of await queue.getJobs(state)) {
        const info = toJobInfo(job, state);
        if (info !== null && !byId.has(info.id) && (filter.collection === undefined || info.collection === filter.collection)) byId.set(info.id, info);
      }
    }
  }
  return [...byId.values()].sort(byNewest).slice(0, filter.limit ?? 100);
}

/** `queues.list(filter)`, and how many jobs its reads (`Queue.getJobs` calls) returned. */
async function listCounted(filter: Filter): Promise<{ jobs: JobInfo[]; read: number }> {
  const getJobs = Queue.prototype.getJobs;
  let read = 0;
  const spy = jest.spyOn(Queue.prototype, 'getJobs').mockImplementation(async function (this: Queue, ...args: Parameters<Queue['getJobs']>) {
    const jobs = await getJobs.apply(this, args);
    read += jobs.length;
    return jobs;
  });
  try {
    const jobs = await queues.list(filter);
    return { jobs, read };
  } finally {
    spy.mockRestore();
  }
}

describe('JobQueues.list (real Redis, jobs in every state)', () => {
  it('lists what a read of every job lists, across states and with finish order unlike creation order', async () => {
    const expected: [string, JobInfo['state'], number][] = [];
    // Import queue, failed: the 60 oldest ran longest and finished last, so the failed set's first
    // page holds old jobs only; the others finish 0 to 10 minutes after creation, out of order.
    for (let i = 0; i < 130; i++) {
      const createdAt = T0 + i * MINUTE;
      const job = await start(JobName.Import, `import.f${i}`, i % 3 === 0 ? 'other' : 'docs', createdAt);
      await finish(job, 'failed', i < 60 ? T0 + (300 + i) * MINUTE : createdAt + ((i * 7) % 11) * MINUTE);
      expected.push([`import.f${i}`, 'failed', createdAt]);
    }
    // Import queue, delayed: failed once, retried in a day.
    for (const [n, minute] of [125.5, 40.5, 128.5].entries()) {
      const job = await start(JobName.Import, `import.d${n}`, n === 1 ? 'other' : 'docs', T0 + minute * MINUTE, retrying);
      await finish(job, 'failed', T0 + (minute + 1) * MINUTE);
      expected.push([`import.d${n}`, 'waiting', T0 + minute * MINUTE]);
    }
    // Index queue, completed: the first 55 finished in the reverse of their creation order, after all others.
    for (let j = 0; j < 70; j++) {
      const createdAt = T0 + (j * 2 + 0.25) * MINUTE;
      const job = await start(JobName.Train, `train.c${j}`, j % 4 === 0 ? 'other' : 'docs', createdAt);
      await finish(job, 'completed', j < 55 ? T0 + (400 - j) * MINUTE : createdAt + MINUTE / 2);
      expected.push([`train.c${j}`, 'completed', createdAt]);
    }
    // Index queue: a few failed, and two running.
    for (let k = 0; k < 5; k++) {
      const job = await start(JobName.Train, `train.f${k}`, 'docs', T0 + (k * 25 + 0.75) * MINUTE);
      await finish(job, 'failed', T0 + (k * 25 + 1.75) * MINUTE);
      expected.push([`train.f${k}`, 'failed', T0 + (k * 25 + 0.75) * MINUTE]);
    }
    for (const [n, minute] of [136.75, 5.75].entries()) {
      await start(JobName.Train, `train.a${n}`, n === 0 ? 'docs' : 'other', T0 + minute * MINUTE);
      expected.push([`train.a${n}`, 'active', T0 + minute * MINUTE]);
    }
    // Import queue, waiting (added last: `start` takes the oldest waiting job).
    for (const [n, minute] of [129.5, 2.5, 127.25].entries()) {
      await add(JobName.Import, `import.w${n}`, n === 1 ? 'other' : 'docs', T0 + minute * MINUTE);
      expected.push([`import.w${n}`, 'waiting', T0 + minute * MINUTE]);
    }
    expected.sort(([a, , at], [b, , bt]) => bt - at || (a < b ? -1 : 1));

    const everything = await readAll({ limit: 1000 });
    expect(everything.map((job) => [job.id, job.state, Date.parse(job.createdAt)])).toEqual(expected);
    expect(new Set((await queues.list({ limit: 12 })).map((job) => job.state))).toEqual(new Set(['completed', 'active', 'waiting', 'failed']));
    for (const collection of [undefined, 'docs', 'other', 'none']) {
      for (const limit of [1, 2, 5, 12, 40, 100, 1000]) {
        expect({ collection, limit, jobs: await queues.list({ collection, limit }) }).toEqual({ collection, limit, jobs: await readAll({ collection, limit }) });
      }
    }
    expect(await queues.list()).toEqual(await readAll());
  });

  it('finds a collection whose jobs sit pages deep in the failed set', async () => {
    // Four failed jobs of "deep", then 150 of "docs" created and failed after them.
    for (let i = 0; i < 154; i++) {
      const collection = i < 4 ? 'deep' : 'docs';
      await finish(await start(JobName.Import, `import.${collection}.${i}`, collection, T0 + i * MINUTE), 'failed', T0 + (i + 1) * MINUTE);
    }
    const deepest3 = await listCounted({ collection: 'deep', limit: 3 });
    expect(deepest3.jobs.map((job) => job.id)).toEqual(['import.deep.3', 'import.deep.2', 'import.deep.1']);
    expect(deepest3.jobs).toEqual(await readAll({ collection: 'deep', limit: 3 }));
    expect(deepest3.read).toBe(154);
    expect((await queues.list({ collection: 'deep' })).map((job) => job.id)).toEqual(['import.deep.3', 'import.deep.2', 'import.deep.1', 'import.deep.0']);
    expect(await queues.list({ collection: 'docs', limit: 3 })).toEqual(await readAll({ collection: 'docs', limit: 3 }));
  });

  it('reads a few pages, not every failed and completed job, for a short list', async () => {
    // 300 failed imports and 200 completed trainings, one a minute (alternating, then 100 imports), each finished 30 s after its creation.
    for (let i = 0; i < 500; i++) {
      const createdAt = T0 + i * MINUTE;
      const [kind, outcome] = i % 2 === 0 || i >= 400 ? ([JobName.Import, 'failed'] as const) : ([JobName.Train, 'completed'] as const);
      await finish(await start(kind, `${kind}.docs.${i}`, 'docs', createdAt), outcome, createdAt + MINUTE / 2);
    }
    for (const limit of [5, 12]) {
      const { jobs, read } = await listCounted({ limit });
      expect(jobs).toEqual(await readAll({ limit }));
      expect(jobs[0]?.id).toBe('import.docs.499');
      expect(read).toBeLessThan(500 / 4);
    }
    // The count sees every read: a list that needs every job reads them all.
    const all = await listCounted({ limit: 1000 });
    expect(all.jobs).toHaveLength(500);
    expect(all.read).toBe(500);
  });

  it('allows for a worker clock behind the producer clock: a job that "finished" 30 s before its creation still lists', async () => {
    const created = T0 + 60 * MINUTE;
    // A page of failed jobs finished 25 to 10 s before `created`, the newest created 15 s before it...
    for (let i = 0; i < 50; i++) {
      const job = await start(JobName.Import, `import.docs.${i}`, 'docs', i === 49 ? created - 15_000 : T0 + i * 1000);
      await finish(job, 'failed', created - 25_000 + i * 300);
    }
    // ...and below it in the failed set, by its finishing worker's clock, the newest job of all.
    await finish(await start(JobName.Import, 'import.docs.skewed', 'docs', created), 'failed', created - 30_000);
    const { jobs, read } = await listCounted({ limit: 1 });
    expect(jobs.map((job) => job.id)).toEqual(['import.docs.skewed']);
    expect(jobs).toEqual(await readAll({ limit: 1 }));
    expect(read).toBe(51);
  });

  it('lists a job seen in two states (it moved between two reads) as first seen in state order: active before completed', async () => {
    const moving = await start(JobName.Import, 'import.docs.moving', 'docs', T0);
    const getJobs = Queue.prototype.getJobs;
    let activeRead: Promise<unknown> | undefined;
    jest.spyOn(Queue.prototype, 'getJobs').mockImplementation(async function (this: Queue, ...args: Parameters<Queue['getJobs']>) {
      if (this.name === QueueName.Import && args[0] === 'completed') {
        // The job completes once the active list has been read, before the completed set is.
        await activeRead;
        await finish(moving, 'completed', T0 + MINUTE);
      }
      const read = getJobs.apply(this, args);
      if (this.name === QueueName.Import && args[0] === 'active') activeRead = read;
      if (this.name === QueueName.Import && args[0] === 'completed') completedIds = (await read).map((job) => job.id);
      return read;
    });
    let completedIds: (string | undefined)[] = [];
    expect((await queues.list()).map((job) => [job.id, job.state])).toEqual([['import.docs.moving', 'active']]);
    expect(completedIds).toEqual(['import.docs.moving']);
    jest.restoreAllMocks();
    expect((await queues.list()).map((job) => [job.id, job.state])).toEqual([['import.docs.moving', 'completed']]);
  });
});
