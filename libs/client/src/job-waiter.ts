import type { CollectionInfo, JobInfo } from '@shoal/contracts';
import { abortableSleep } from './abortable-sleep';
import type { CallOptions } from './client.options';
import { ShoalWaitTimeoutError } from './shoal.error';

/** Options of `waitForJob` and `waitForServingGeneration`. */
export interface WaitOptions {
  /**
   * Give up (with {@link ShoalWaitTimeoutError}) after this long.
   * @defaultValue 600000 (10 minutes: training a large collection takes minutes)
   */
  timeoutMs?: number;
  /**
   * Pause between two polls.
   * @defaultValue 250
   */
  intervalMs?: number;
  /** Cancels the wait (and the poll in flight). */
  signal?: AbortSignal;
}

export interface WaitForJobOptions extends WaitOptions {
  /** Called with every polled state, e.g. to draw a progress bar from `job.progress` (0..1). */
  onProgress?: (job: JobInfo) => void;
}

export const DEFAULT_WAIT_TIMEOUT_MS = 600_000;
export const DEFAULT_POLL_INTERVAL_MS = 250;

/**
 * Polls `read` until `done` holds for its answer, then returns that answer. Every poll is one
 * client call, so a transient 503 is retried inside it and any other error ends the wait.
 */
async function pollUntil<T>(read: (call: CallOptions) => Promise<T>, done: (value: T) => boolean, describe: (last: T, timeoutMs: number) => string, options: WaitOptions, onValue?: (value: T) => void): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read({ signal: options.signal });
    onValue?.(value);
    if (done(value)) return value;
    if (Date.now() >= deadline) throw new ShoalWaitTimeoutError(describe(value, timeoutMs), value);
    await abortableSleep(Math.min(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS, Math.max(0, deadline - Date.now())), options.signal);
  }
}

/** Resolves with the job once it is `completed` or `failed` (both final: check `state`). */
export function pollJob(getJob: (id: string, call: CallOptions) => Promise<JobInfo>, id: string, options: WaitForJobOptions): Promise<JobInfo> {
  return pollUntil(
    (call) => getJob(id, call),
    (job) => job.state === 'completed' || job.state === 'failed',
    (job, ms) => `job ${id} is still ${job.state} (${Math.round(job.progress * 100)}%) after ${ms} ms`,
    options,
    options.onProgress,
  );
}

/** Resolves once every live replica of the collection serves `generation` or a later one. */
export function pollServingGeneration(getCollection: (name: string, call: CallOptions) => Promise<CollectionInfo>, name: string, generation: number, options: WaitOptions): Promise<CollectionInfo> {
  return pollUntil(
    (call) => getCollection(name, call),
    (info) => info.servingGeneration >= generation,
    (info, ms) => `collection ${name} still serves generation ${info.servingGeneration}, not ${generation}, after ${ms} ms`,
    options,
  );
}
