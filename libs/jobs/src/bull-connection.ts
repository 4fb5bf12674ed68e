import type { ConnectionOptions, QueueBase } from 'bullmq';
import { redactRedisUrl } from '@shoal/cluster-state';
import { JobsError, JobsErrorCode, messageOf } from './jobs.error';

/**
 * A producer command that gets no answer within this long fails (`UNAVAILABLE`), so an HTTP
 * request never hangs on a stalled Redis.
 */
const PRODUCER_COMMAND_TIMEOUT_MS = 5000;

/**
 * Connection of queues used to add and read jobs: commands fail fast while Redis is unreachable
 * (one retry, no offline queue) instead of piling up behind a reconnect.
 */
export function producerConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS };
}

/**
 * Connection of workers: BullMQ needs `maxRetriesPerRequest: null` on their blocking connection
 * (it sets it), and a worker rides out a Redis restart by waiting, not failing.
 */
export function workerConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl };
}

/**
 * Resolves once every BullMQ client is connected, or closes them and fails with `UNAVAILABLE`
 * after `timeoutMs`: BullMQ itself would retry forever, and a process that cannot reach Redis at
 * start-up should say so.
 */
export async function untilReady(clients: readonly QueueBase[], redisUrl: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(clients.map((client) => client.waitUntilReady())), timeout]);
  } catch (error) {
    await Promise.allSettled(clients.map((client) => client.close()));
    throw new JobsError(JobsErrorCode.Unavailable, `cannot reach Redis at ${redactRedisUrl(redisUrl)}: ${messageOf(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Reports BullMQ's background errors (reconnects, lock renewals) as process warnings. */
export function warnOnError(error: Error): void {
  process.emitWarning(`@shoal/jobs: ${error.message}`);
}
