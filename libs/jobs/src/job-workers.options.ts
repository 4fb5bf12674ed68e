import type { QueueName } from './job-names';
import type { JobQueuesOptions } from './job-queues.options';

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
}
