/** Retries of idempotent calls after a 503 or a failure to get any answer. */
export interface RetryOptions {
  /**
   * Attempts per call, the first included; 1 turns retries off.
   * @defaultValue 4
   */
  attempts: number;
  /**
   * Delay scale: attempt n (n ≥ 1) waits between half and all of `min(maxDelayMs, baseDelayMs·2^(n-1))`.
   * @defaultValue 100
   */
  baseDelayMs: number;
  /**
   * Longest wait between two attempts, also the cap on a server's `Retry-After`.
   * @defaultValue 2000
   */
  maxDelayMs: number;
}

/** What {@link RetryOptions.onRetry}-style observers learn before each retry. */
export interface RetryEvent {
  method: string;
  path: string;
  /** The attempt that failed (1 for the first). */
  attempt: number;
  delayMs: number;
  error: Error;
}

export interface ShoalClientOptions {
  /** The coordinator, e.g. `http://127.0.0.1:7700` (a trailing `/` is ignored). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; the cluster answers 401 without one once keys are configured. */
  apiKey?: string;
  /**
   * Bound on each HTTP attempt, from sending the request to reading the whole answer.
   * @defaultValue 30000
   */
  timeoutMs?: number;
  /** @defaultValue {@link DEFAULT_RETRY} */
  retry?: Partial<RetryOptions>;
  /** Called before each retry (logging, metrics). */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Source of jitter in [0, 1), replaceable for deterministic tests.
   * @defaultValue Math.random
   */
  random?: () => number;
}

/** Per-call overrides, accepted by every {@link ShoalClient} method. */
export interface CallOptions {
  /** Cancels the call, including its retries and the waits between them. */
  signal?: AbortSignal;
  /** Overrides {@link ShoalClientOptions.timeoutMs} for this call's attempts. */
  timeoutMs?: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2000 };
export const DEFAULT_TIMEOUT_MS = 30_000;
