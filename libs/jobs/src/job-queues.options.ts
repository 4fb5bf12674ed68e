/** Settings of {@link JobQueues.connect} (and of the queues {@link JobWorkers} adds child jobs to). */
export interface JobQueuesOptions {
  /** `redis://[:password@]host:port[/db]` (or `rediss://`); the password never appears in errors. */
  redisUrl: string;
  /**
   * BullMQ key prefix. Shoal uses `bullPrefix(SHOAL_REDIS_PREFIX)` (`shoal:bull`), so clusters and
   * test runs sharing a Redis never see each other's jobs. Producers and workers must agree.
   */
  prefix: string;
  /**
   * Attempts of a job before it fails for good (a handler's NonRetryableJobError fails it at once).
   * @defaultValue 3
   */
  attempts?: number;
  /**
   * Delay before the first retry; each further retry doubles it (BullMQ exponential backoff).
   * @defaultValue 1000
   */
  backoffMs?: number;
  /**
   * How long `connect` (and `JobWorkers.start`) waits for Redis before failing with `UNAVAILABLE`.
   * @defaultValue 10000
   */
  connectTimeoutMs?: number;
  /**
   * Background errors of the BullMQ clients (lost connections, failed lock renewals), which no
   * caller awaits. @defaultValue a process warning
   */
  onError?: (error: Error) => void;
}
