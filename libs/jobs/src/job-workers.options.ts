import type { QueueName } from './job-names';
import type { JobQueuesOptions } from './job-queues.options';

/** One finished run of a job handler, for metrics. */
export interface JobRunEvent {
  /** The job name (`train`, `build-shard`, `import`). */
  name: string;
  /**
   * completed: the handler returned; failed: it threw (BullMQ retries while attempts are left);
   * suspended: it waits for child jobs or a delay and runs again later; requeued: the worker was
   * shutting down and gave the job back without using an attempt.
   */
  outcome: 'completed' | 'failed' | 'suspended' | 'requeued';
  /** Wall-clock time of this run of the handler. */
  durationMs: number;
}

/**
 * Settings of {@link JobWorkers}. `attempts` and `backoffMs` apply to the child jobs handlers
 * queue (JobContext.waitForChildren); the other queue options as for JobQueues.
 */
export interface JobWorkersOptions extends JobQueuesOptions {
  /** Jobs of each queue this process runs at once. @defaultValue 1 per queue */
  concurrency?: Partial<Record<QueueName, number>>;
  /**
   * How long a running job's lock lasts; the worker renews it every half of this while the job
   * runs. A worker that dies leaves its jobs locked this long before another worker takes them.
   * @defaultValue 30000
   */
  lockDurationMs?: number;
  /**
   * How often a worker looks for jobs whose lock expired (their worker died) and re-queues them.
   * @defaultValue 30000
   */
  stalledIntervalMs?: number;
  /**
   * How long `close()` waits for running handlers after aborting their `signal`; handlers still
   * running then are abandoned, and their jobs re-queued once their locks expire.
   * @defaultValue 10000
   */
  closeGraceMs?: number;
  /**
   * Called after every run of a handler (metrics: job durations by name and outcome). It must not
   * throw; an error it throws is passed to `onError` and never changes the job's outcome.
   */
  onJobRun?: (event: JobRunEvent) => void;
}
