/** The BullMQ queues of a cluster; jobs that compete for the same resources share a queue. */
export enum QueueName {
  /** Training and per-shard index builds: CPU and memory heavy, usually run one at a time. */
  Index = 'shoal-index',
  /** Bulk imports: I/O bound, scaled separately from index work. */
  Import = 'shoal-import',
}

/** Every kind of job; the values are the public `type` of a job (`JobInfo.type`). */
export enum JobName {
  /** Trains a new IVF-PQ generation of a collection, then waits for its shard builds and flips. */
  Train = 'train',
  /** Builds one shard's index file of a generation from its trained template. */
  BuildShard = 'build-shard',
  /** Imports a file from the object store into a collection. */
  Import = 'import',
}

/** Which queue carries each job. */
export const QUEUE_OF: Readonly<Record<JobName, QueueName>> = {
  [JobName.Train]: QueueName.Index,
  [JobName.BuildShard]: QueueName.Index,
  [JobName.Import]: QueueName.Import,
};

/**
 * The BullMQ key prefix of a cluster: its Redis prefix (`SHOAL_REDIS_PREFIX`) + `bull`, so several
 * clusters (and test runs) share one Redis without seeing each other's jobs.
 */
export function bullPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}
