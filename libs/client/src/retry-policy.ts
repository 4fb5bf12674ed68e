import type { RetryOptions } from './client.options';
import { ShoalApiError, ShoalConnectionError } from './shoal.error';

/**
 * Whether a failed attempt of an idempotent call is worth repeating: no answer at all, or a 503
 * (no live replica for a shard, too few shard workers, Redis briefly away), which the cluster heals
 * by itself within seconds. Every other status is the same answer the next time.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ShoalConnectionError) return true;
  return error instanceof ShoalApiError && error.status === 503;
}

/**
 * Wait before attempt `failed + 1`: exponential in the attempts so far, with "equal jitter" (half
 * fixed, half random) so clients that failed together do not retry together, yet every wait grows.
 * A server's `Retry-After` (seconds) is honoured when longer, within `maxDelayMs`.
 */
export function retryDelayMs(failed: number, options: RetryOptions, random: () => number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (failed - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  const asked = retryAfterSeconds === undefined ? 0 : Math.min(options.maxDelayMs, retryAfterSeconds * 1000);
  return Math.round(Math.max(jittered, asked));
}

/** `Retry-After` as seconds; HTTP dates and garbage are ignored (the backoff applies). */
export function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}

/** Fills the defaults and rejects values that would make the loop meaningless. */
export function resolveRetryOptions(defaults: RetryOptions, given: Partial<RetryOptions> = {}): RetryOptions {
  const options = { ...defaults, ...given };
  if (!(Number.isInteger(options.attempts) && options.attempts >= 1)) throw new RangeError(`retry.attempts must be an integer ≥ 1, got ${options.attempts}`);
  if (!(options.baseDelayMs >= 0)) throw new RangeError(`retry.baseDelayMs must be ≥ 0, got ${options.baseDelayMs}`);
  if (!(options.maxDelayMs >= options.baseDelayMs)) throw new RangeError(`retry.maxDelayMs must be ≥ retry.baseDelayMs, got ${options.maxDelayMs}`);
  return options;
}
