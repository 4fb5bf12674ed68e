import type { AnyJobData, JobDataOf } from './job-data';
import type { JobName } from './job-names';

/** A job a parent queues and waits for: `name` picks its queue, `jobId` makes adding it idempotent. */
export interface ChildJob<N extends JobName = JobName> {
  name: N;
  data: JobDataOf<N>;
  jobId: string;
}

/**
 * What a handler sees of the job it runs. Every method writes to Redis, so what it records
 * (progress, data) survives this process: a retry or another worker sees it.
 */
export interface JobContext<D extends AnyJobData = AnyJobData> {
  readonly id: string;
  readonly name: JobName;
  /** The payload, with every `updateData` patch applied. */
  readonly data: D;
  /** Failed attempts before this run: 0 on the first. */
  readonly attemptsMade: number;
  /**
   * Aborted when the worker shuts down. A handler that stops at a safe point and throws sends the
   * job back to waiting at once, without using an attempt; one that ignores it may finish.
   */
  readonly signal: AbortSignal;

  /** True when a failure of this run fails the job for good (no attempts left). */
  isFinalAttempt(): boolean;

  /** Reports the fraction done, from 0 to 1 (`JobInfo.progress`). */
  updateProgress(fraction: number): Promise<void>;

  /** Merges `patch` into the stored data, e.g. an import's committed offset that a retry resumes from. */
  updateData(patch: Partial<D>): Promise<void>;

  /** Appends a line to the job's log (kept in Redis with the job). */
  log(message: string): Promise<void>;

  /**
   * The step-job pattern: queues `children` (each in its own queue) as dependencies of this job,
   * merges `nextData` into the data (e.g. `{ step: 'flip' }`) and suspends this job until every
   * child completed; it then runs again, from the top, with the new data. A child that fails for
   * good fails this job. Children already queued under their ids are not queued twice. Return (or
   * let propagate) what it throws; catching it changes nothing, the job is suspended regardless.
   */
  waitForChildren<N extends JobName>(children: readonly ChildJob<N>[], nextData: Partial<D>): Promise<never>;

  /** Results of the completed children, by child job id. */
  childrenResults(): Promise<Record<string, unknown>>;
}
