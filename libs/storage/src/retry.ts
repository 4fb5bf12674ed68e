import type { RetryEvent } from './retry-event';

/** How {@link withRetry} retries one operation. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly retries: number;
  /** Base of the exponential backoff: the n-th retry waits about `baseDelayMs * 2^(n-1)`. */
  readonly baseDelayMs: number;
  /** Upper bound of any single wait. */
  readonly maxDelayMs: number;
  /** Whether an error is worth retrying; everything else is rethrown at once. */
  readonly isTransient: (error: unknown) => boolean;
  readonly onRetry?: (event: RetryEvent) => void;
}

/**
 * Wait before retry number `retry` (1-based): exponential, capped, with "equal jitter" (a random
 * value in the upper half of the window). The jitter spreads retries of many clients that failed
 * together; keeping the lower half avoids retrying at once after a zero draw.
 */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const window = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.round(window / 2 + random() * (window / 2));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt(n)` (n = 0 for the first attempt) until it succeeds, fails with a non-transient
 * error, or has been retried `policy.retries` times; then rethrows the last error unchanged, so a
 * transient error escaping here always means "retries exhausted".
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  operation: string,
  key: string | undefined,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= policy.retries || !policy.isTransient(error)) throw error;
      const retry = attemptNumber + 1;
      const delayMs = backoffDelayMs(retry, policy.baseDelayMs, policy.maxDelayMs);
      policy.onRetry?.({ operation, key, retry, delayMs, error });
      await sleep(delayMs);
    }
  }
}
