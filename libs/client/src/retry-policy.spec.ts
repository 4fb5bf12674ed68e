import { ApiErrorCode } from '@shoal/contracts';
import { isRetryable, parseRetryAfter, resolveRetryOptions, retryDelayMs } from './retry-policy';
import { ClientErrorCode, ShoalApiError, ShoalConnectionError } from './shoal.error';

const options = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retryDelayMs', () => {
  it('doubles the ceiling per failed attempt and keeps at least half of it', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, options, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, options, () => 0.999999))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than maxDelayMs', () => {
    expect(retryDelayMs(20, options, () => 0.999999)).toBe(1000);
  });

  it('honours a longer Retry-After, capped by maxDelayMs', () => {
    expect(retryDelayMs(1, options, () => 0, 0.5)).toBe(500);
    expect(retryDelayMs(1, options, () => 0, 30)).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and ignores dates and garbage', () => {
    expect(parseRetryAfter(' 3 ')).toBe(3);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('isRetryable', () => {
  it('retries 503 and no answer, nothing else', () => {
    expect(isRetryable(new ShoalApiError(503, ApiErrorCode.Unavailable, 'x', {}, 1))).toBe(true);
    expect(isRetryable(new ShoalConnectionError(ClientErrorCode.Unreachable, 'x', 1))).toBe(true);
    expect(isRetryable(new ShoalConnectionError(ClientErrorCode.Timeout, 'x', 1))).toBe(true);
    expect(isRetryable(new ShoalApiError(504, ApiErrorCode.DeadlineExceeded, 'x', {}, 1))).toBe(false);
    expect(isRetryable(new ShoalApiError(400, ApiErrorCode.InvalidArgument, 'x', {}, 1))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});

describe('resolveRetryOptions', () => {
  it('fills defaults and rejects meaningless values', () => {
    expect(resolveRetryOptions(options, { attempts: 1 })).toEqual({ ...options, attempts: 1 });
    expect(() => resolveRetryOptions(options, { attempts: 0 })).toThrow('retry.attempts must be an integer ≥ 1, got 0');
    expect(() => resolveRetryOptions(options, { maxDelayMs: 10 })).toThrow('retry.maxDelayMs must be ≥ retry.baseDelayMs, got 10');
  });
});
