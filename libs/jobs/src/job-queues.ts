import type { JobInfo } from '@shoal/contracts';
import { Queue, type JobsOptions, type JobType } from 'bullmq';
import { producerConnection, untilReady, warnOnError } from './bull-connection';
import type { ChildJob } from './job-context';
import type { AnyJobData, JobDataOf } from './job-data';
import { toJobInfo } from './job-info.mapper';
import { JobName, QUEUE_OF, QueueName } from './job-names';
import type { JobQueuesOptions } from './job-queues.options';
import { JobsError, JobsErrorCode, messageOf } from './jobs.error';

/** Completed jobs kept per queue (their results stay readable); failed jobs are all kept for inspection. */
const KEEP_COMPLETED = 1000;

/**
 * Every BullMQ set a job can be in, read by `list`; `toJobInfo` maps each to the public state. A
 * job seen in two of them (it moved between two reads) is listed as first seen in this order.
 */
const LISTED_STATES: readonly JobType[] = ['active', 'waiting-children', 'waiting', 'prioritized', 'delayed', 'paused', 'completed', 'failed'];

/**
 * The states `list` reads a page at a time, the ones that grow with history (failed jobs are
 * never removed). Both are sorted sets scored by `finishedOn` (moveToFinished-14.lua ZADDs the job
 * at the very `timestamp` it stores as `finishedOn`), read highest score first, and a job finishes
 * after it is created: so once a page ends at `finishedOn` T, no unread job of the set was created
 * after T + FINISH_CLOCK_SKEW_MS. The other states hold live work only (waiting, running, backing
 * off before a retry, waiting for children; Shoal sets no priorities) and are read whole, since
 * their order bounds no creation time: the wait and active lists are in push order (a retried or
 * stalled job goes back with its old creation time), delayed and waiting-children are scored by a
 * run or move time the job's hash does not keep, prioritized by priority.
 */
const PAGED_STATES: ReadonlySet<JobType> = new Set(['completed', 'failed']);

/**
 * Jobs `list` asks for per page of a paged state. A dashboard's list (12 jobs) usually needs one
 * page per state, the API's default of 100 two; bigger pages read jobs no list shows, smaller ones
 * cost a round trip more when a collection filter skips most jobs.
 */
const LIST_PAGE_SIZE = 50;

/**
 * How far behind the clock that added a job (its `createdAt`) the clock of the worker that
 * finished it (its `finishedOn`) may run, for `list`'s bound on unread jobs. Hosts synchronised by
 * NTP are milliseconds apart; a minute more of finished jobs is what a page reads beyond need.
 */
const FINISH_CLOCK_SKEW_MS = 60_000;

/** The job states `counts` reports: what a queue-depth dashboard shows. */
const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** The parent a child job reports to: its id and its queue's qualified name (`{prefix}:{queue}`). */
export interface JobParent {
  id: string;
  queue: string;
}

/**
 * The producer side of Shoal's jobs: adds jobs under deterministic ids and reads them back as
 * the public {@link JobInfo}. One of the two files of Shoal that import `bullmq` (with
 * `JobWorkers`). Redis failures surface as `JobsError` `UNAVAILABLE`.
 */
export class JobQueues {
  private constructor(
    private readonly queues: Readonly<Record<QueueName, Queue>>,
    private readonly jobOptions: JobsOptions,
  ) {}

  static async connect(options: JobQueuesOptions): Promise<JobQueues> {
    const attempts = options.attempts ?? 3;
    const backoffMs = options.backoffMs ?? 1000;
    if (!Number.isSafeInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
    if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new RangeError(`backoffMs must be a non-negative number, got ${backoffMs}`);
    const connection = producerConnection(options.redisUrl);
    const open = (name: QueueName) => new Queue(name, { connection, prefix: options.prefix }).on('error', options.onError ?? warnOnError);
    const queues = { [QueueName.Index]: open(QueueName.Index), [QueueName.Import]: open(QueueName.Import) };
    await untilReady(Object.values(queues), options.redisUrl, options.connectTimeoutMs ?? 10_000);
    return new JobQueues(queues, {
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      removeOnComplete: { count: KEEP_COMPLETED },
      removeOnFail: false,
    });
  }

  /**
   * Queues job `name` under `jobId`, unless a job of that id exists (in any state): then nothing
   * changes and `created` is false. Two adds of one id within the same millisecond may both
   * report `created`, but only one job exists.
   */
  async add<N extends JobName>(name: N, data: JobDataOf<N>, jobId: string): Promise<{ id: string; created: boolean }> {
    assertJobId(jobId);
    const queue = this.queueOf(name);
    const timestamp = Date.now();
    return this.call(`add ${name} job ${jobId}`, async () => {
      await queue.add(name, data, { ...this.jobOptions, jobId, timestamp });
      // BullMQ answers a duplicate id like a new job; only the stored creation time tells them apart.
      const stored = await queue.getJob(jobId);
      return { id: jobId, created: stored === undefined || stored.timestamp === timestamp };
    });
  }

  /** Adds `child` as a dependency of `parent`, which fails when the child fails for good (JobContext.waitForChildren). */
  async addChild(child: ChildJob, parent: JobParent): Promise<void> {
    assertJobId(child.jobId);
    await this.call(`add ${child.name} job ${child.jobId}`, () =>
      this.queueOf(child.name).add(child.name, child.data as AnyJobData, { ...this.jobOptions, jobId: child.jobId, parent, failParentOnFailure: true }),
    );
  }

  /** The job of this id in either queue, or null. */
  async get(id: string): Promise<JobInfo | null> {
    return this.call(`read job ${id}`, async () => {
      const found = await this.find(id);
      return found === undefined ? null : toJobInfo(found.job, found.state);
    });
  }

  /**
   * Jobs newest first (`createdAt` descending, then id), optionally of one collection, at most
   * `limit`: the same as reading every kept job, but the completed and failed sets (which grow)
   * are read newest finished first, a page at a time, only until none of their unread jobs can be
   * among the first `limit` (see PAGED_STATES); the other states, live work only, are read whole.
   * A job seen in two states is listed as first seen in LISTED_STATES order, first queue first.
   * Like any read of several states it is no snapshot: a job that moves meanwhile may be missed,
   * and so may one job per failed job retried between two pages (the set shifts under them).
   */
  async list(filter: { collection?: string; limit?: number } = {}): Promise<JobInfo[]> {
    const limit = filter.limit ?? 100;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const wanted = (info: JobInfo | null): info is JobInfo => info !== null && (filter.collection === undefined || info.collection === filter.collection);
    // In the order whose first sighting of a job wins.
    const reads: StateRead[] = Object.values(this.queues).flatMap((queue) => LISTED_STATES.map((state) => ({ queue, state, found: [], asked: 0, unreadCreatedBy: Infinity })));
    await this.call('list jobs', async () => {
      for (let open = reads; open.length > 0; ) {
        await Promise.all(open.map((read) => readMore(read, wanted)));
        const newest = newestFirst(reads);
        // An unread job created at the cutoff could still come first by its id.
        const cutoff = newest.length < limit ? -Infinity : Date.parse(newest[limit - 1].createdAt);
        open = open.filter((read) => read.unreadCreatedBy !== null && read.unreadCreatedBy >= cutoff);
      }
    });
    return newestFirst(reads).slice(0, limit);
  }

  /**
   * Moves a failed job back to waiting with its attempts reset, keeping its data (an import
   * resumes from its committed offset); false when the job is missing or not failed.
   */
  async retry(id: string): Promise<boolean> {
    return this.call(`retry job ${id}`, async () => {
      const found = await this.find(id);
      if (found === undefined || found.state !== 'failed') return false;
      await found.job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    });
  }

  /**
   * Jobs per queue and state (waiting, active, delayed, failed, completed), read from Redis now.
   * Completed jobs are capped at the ones kept (KEEP_COMPLETED per queue).
   */
  async counts(): Promise<Record<QueueName, Record<(typeof COUNTED_STATES)[number], number>>> {
    const entries = await this.call('count jobs', () =>
      Promise.all(
        (Object.entries(this.queues) as [QueueName, Queue][]).map(async ([name, queue]) => {
          const counts = await queue.getJobCounts(...COUNTED_STATES);
          return [name, Object.fromEntries(COUNTED_STATES.map((state) => [state, counts[state] ?? 0]))] as const;
        }),
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<(typeof COUNTED_STATES)[number], number>>;
  }

  /**
   * Closes the producer connections: QUIT when Redis answers; during an outage QUIT cannot be sent
   * (no offline queue), so the connection is dropped instead of left reconnecting forever.
   */
  async close(): Promise<void> {
    await Promise.all(
      Object.values(this.queues).map(async (queue) => {
        try {
          await queue.close();
        } catch {
          // BullMQ's disconnect() waits for an 'end' that a reconnecting client may never emit.
          (await queue.client).disconnect();
        }
      }),
    );
  }

  private queueOf(name: JobName): Queue {
    const queue = QUEUE_OF[name];
    if (queue === undefined) throw new RangeError(`unknown job name "${name}" (one of ${Object.values(JobName).join(', ')})`);
    return this.queues[queue];
  }

  /**
   * The job and its BullMQ state. The state is read first, so the job's fields are at least as
   * new as it: a job seen completed always carries its result.
   */
  private async find(id: string) {
    const states = await Promise.all(Object.values(this.queues).map(async (queue) => ({ queue, state: await queue.getJobState(id) })));
    const located = states.find(({ state }) => state !== 'unknown');
    const job = located === undefined ? undefined : await located.queue.getJob(id);
    return located === undefined || job === undefined ? undefined : { job, state: located.state };
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof JobsError || error instanceof RangeError) throw error;
      throw new JobsError(JobsErrorCode.Unavailable, `could not ${what}: ${messageOf(error)}`, { cause: error });
    }
  }
}

/** What `list` has read of one state of one queue. */
interface StateRead {
  readonly queue: Queue;
  readonly state: JobType;
  /** Its jobs read so far that `list` wants, in read order. */
  readonly found: JobInfo[];
  /** Jobs asked for so far: where the next page starts. */
  asked: number;
  /** No unread job of the state was created after this (epoch ms); null when none is left unread. */
  unreadCreatedBy: number | null;
}

/** Reads the next page of a paged state, or all of another state, and bounds what is left unread. */
async function readMore(read: StateRead, wanted: (info: JobInfo | null) => info is JobInfo): Promise<void> {
  const paged = PAGED_STATES.has(read.state);
  const jobs = paged ? await read.queue.getJobs(read.state, read.asked, read.asked + LIST_PAGE_SIZE - 1, false) : await read.queue.getJobs(read.state);
  read.found.push(...jobs.map((job) => toJobInfo(job, read.state)).filter(wanted));
  read.asked += LIST_PAGE_SIZE;
  // getJobs skips ids without a job hash and fills the page from the next pages' ids instead (up to
  // 4 of them, getJobs-1.lua), so a short page means the set ran out (BullMQ removes a job's id and
  // hash together). The next page reads such ids again: duplicates of one state, dropped.
  const last = jobs.at(-1);
  read.unreadCreatedBy = !paged || last === undefined || jobs.length < LIST_PAGE_SIZE ? null : (last.finishedOn ?? Infinity) + FINISH_CLOCK_SKEW_MS;
}

/** The first sighting of each job of `reads`, newest first (`createdAt` descending, then id). */
function newestFirst(reads: readonly StateRead[]): JobInfo[] {
  const byId = new Map<string, JobInfo>();
  for (const info of reads.flatMap((read) => read.found)) if (!byId.has(info.id)) byId.set(info.id, info);
  return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1));
}

/** BullMQ refuses custom ids that contain `:` or look like integers (its own ids are integers). */
function assertJobId(id: string): void {
  if (id === '' || id.includes(':') || /^\d+$/.test(id)) throw new RangeError(`job id "${id}" must be non-empty, not an integer and without ":"`);
}
