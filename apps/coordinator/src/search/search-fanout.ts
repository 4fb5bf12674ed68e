import type { ReplicaLease } from '@shoal/cluster';
import { ApiError, ApiErrorCode } from '@shoal/contracts';

/** Chooses replicas for one collection's shards; the membership service backs it with a ReplicaSelector. */
export interface ReplicaPicker {
  /** The best replica of `shard` not in `exclude`, or undefined when none is left. */
  acquire(shard: number, exclude: ReadonlySet<string>): ReplicaLease | undefined;
  /** How many replicas of `shard` outside `exclude` could still be tried. */
  remaining(shard: number, exclude: ReadonlySet<string>): number;
  /** Starts the replica's cool-down after a failed request. */
  markFailed(replica: string): void;
  markHealthy(replica: string): void;
}

/** One try of one shard on one replica, with the time left before the request's deadline. */
export interface ShardAttempt {
  shard: number;
  replica: string;
  timeoutMs: number;
}

/** The end of a request, as wall-clock milliseconds, and the clock it is measured with. */
export interface Deadline {
  at: number;
  now(): number;
}

/** Why a shard gave no answer. */
export enum ShardFailure {
  /** No active replica was known for the shard: nothing was tried. */
  NoReplica = 'no-replica',
  /** Every replica tried failed, and none was left. */
  Failed = 'failed',
  /** The request's deadline passed first. */
  Deadline = 'deadline',
}

export type ShardOutcome<T> =
  | { shard: number; ok: true; value: T; replica: string; attempts: number }
  | { shard: number; ok: false; failure: ShardFailure; error: string; attempts: number };

/** Errors that mean "ran out of time" carry `timedOut: true` (ours below, and ShardRpcError's). */
const isTimeout = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { timedOut?: unknown }).timedOut === true;

class AttemptTimeout extends Error {
  readonly timedOut = true;

  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** Settles with `promise`, or rejects after `ms` even when the callee ignores its own timeout. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Asks one shard, retrying the next best replica after an error, a timeout or a 5xx, until one
 * answers, none is left or the deadline passes. A replica that fails is put in cool-down so other
 * requests avoid it too; one that answers leaves it. While another replica is left to try, a try
 * gets half the remaining time, so a replica that hangs leaves room for the retry; the last
 * candidate gets all of it.
 */
export async function callShard<T>(
  shard: number,
  picker: ReplicaPicker,
  deadline: Deadline,
  call: (attempt: ShardAttempt) => Promise<T>,
): Promise<ShardOutcome<T>> {
  const tried = new Set<string>();
  let lastError = '';
  for (;;) {
    const timeoutMs = Math.floor(deadline.at - deadline.now());
    if (timeoutMs <= 0) {
      const error = lastError || 'the deadline passed before a replica could be asked';
      return { shard, ok: false, failure: ShardFailure.Deadline, error, attempts: tried.size };
    }
    const lease = picker.acquire(shard, tried);
    if (lease === undefined) {
      return tried.size === 0
        ? { shard, ok: false, failure: ShardFailure.NoReplica, error: `shard ${shard} has no active replica`, attempts: 0 }
        : { shard, ok: false, failure: ShardFailure.Failed, error: lastError, attempts: tried.size };
    }
    tried.add(lease.replica);
    const attemptMs = picker.remaining(shard, tried) > 0 ? Math.max(1, Math.floor(timeoutMs / 2)) : timeoutMs;
    try {
      const value = await within(call({ shard, replica: lease.replica, timeoutMs: attemptMs }), attemptMs);
      picker.markHealthy(lease.replica);
      return { shard, ok: true, value, replica: lease.replica, attempts: tried.size };
    } catch (error) {
      picker.markFailed(lease.replica);
      lastError = `shard ${shard} replica ${lease.replica}: ${messageOf(error)}`;
      // A try that had all the time left and timed out used up the deadline, whatever the clock says.
      if (attemptMs === timeoutMs && isTimeout(error)) return { shard, ok: false, failure: ShardFailure.Deadline, error: lastError, attempts: tried.size };
    } finally {
      lease.release();
    }
  }
}

/** {@link callShard} for shards 0..shards-1 in parallel; outcomes in shard order. */
export function fanOut<T>(shards: number, picker: ReplicaPicker, deadline: Deadline, call: (attempt: ShardAttempt) => Promise<T>): Promise<ShardOutcome<T>[]> {
  return Promise.all(Array.from({ length: shards }, (_, shard) => callShard(shard, picker, deadline, call)));
}

/**
 * The error for shards that did not answer: 504 when every one of them ran out of time, else 503.
 * Details say how many shards failed and why the first did, as the caller needs to act.
 */
export function unansweredError<T>(outcomes: readonly ShardOutcome<T>[]): ApiError {
  const failed = outcomes.filter((o): o is Extract<ShardOutcome<T>, { ok: false }> => !o.ok);
  const timedOut = failed.every((o) => o.failure === ShardFailure.Deadline);
  const details = { shardsTotal: outcomes.length, shardsFailed: failed.length, firstError: failed[0]?.error ?? '' };
  return timedOut
    ? new ApiError(ApiErrorCode.DeadlineExceeded, `${failed.length} of ${outcomes.length} shards did not answer before the deadline`, details)
    : new ApiError(ApiErrorCode.Unavailable, `${failed.length} of ${outcomes.length} shards could not be reached`, details);
}
