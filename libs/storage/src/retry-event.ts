/** Reported before each retry so callers can log or count them. */
export interface RetryEvent {
  /** The store operation being retried, e.g. `put`. */
  readonly operation: string;
  /** The object key or prefix, when the operation has one. */
  readonly key?: string;
  /** Which retry this is: 1 for the first retry (the second attempt). */
  readonly retry: number;
  /** How long the store waits before the retry. */
  readonly delayMs: number;
  /** The transient error of the attempt that just failed. */
  readonly error: unknown;
}
