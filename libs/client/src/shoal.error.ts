import type { ApiErrorCode } from '@shoal/contracts';

/** Codes of failures that produced no API error body: the client's own, next to the server's {@link ApiErrorCode}. */
export enum ClientErrorCode {
  /** No answer: connection refused or reset, DNS failure. */
  Unreachable = 'UNREACHABLE',
  /** An attempt took longer than its `timeoutMs`. */
  Timeout = 'TIMEOUT',
  /** An answer that is not the API's: an error without `{error:{code,message}}` (a proxy's 502), or a success that is not JSON. */
  UnexpectedResponse = 'UNEXPECTED_RESPONSE',
  /** `waitForJob` or `waitForServingGeneration` ran out of time. */
  WaitTimeout = 'WAIT_TIMEOUT',
}

/** Base class of everything the client throws for a failed call (a caller's abort rethrows the signal's reason instead). */
export abstract class ShoalError extends Error {
  abstract readonly code: ApiErrorCode | ClientErrorCode;
}

/** The cluster answered with an error status. `code`, `message` and `details` are the body's `error` object. */
export class ShoalApiError extends ShoalError {
  override readonly name = 'ShoalApiError';

  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | ClientErrorCode.UnexpectedResponse,
    message: string,
    readonly details: Readonly<Record<string, unknown>>,
    /** Attempts made (more than 1 when the call was retried). */
    readonly attempts: number,
    /** The answer's `Retry-After`, in seconds, when it had one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** No answer at all (refused, reset, timed out): the request may or may not have been applied. */
export class ShoalConnectionError extends ShoalError {
  override readonly name = 'ShoalConnectionError';

  constructor(
    readonly code: ClientErrorCode.Unreachable | ClientErrorCode.Timeout,
    message: string,
    /** Attempts made (more than 1 when the call was retried). */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `waitForJob` / `waitForServingGeneration` gave up; `last` is what the final poll saw. */
export class ShoalWaitTimeoutError<T> extends ShoalError {
  override readonly name = 'ShoalWaitTimeoutError';
  readonly code = ClientErrorCode.WaitTimeout;

  constructor(
    message: string,
    readonly last: T,
  ) {
    super(message);
  }
}
