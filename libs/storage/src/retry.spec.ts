import { backoffDelayMs, withRetry, type RetryPolicy } from './retry';
import type { RetryEvent } from './retry-event';

const transient = Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
const permanent = Object.assign(new Error('no such key'), { code: 'NoSuchKey' });

function policy(retries: number, events: RetryEvent[] = []): RetryPolicy {
  return {
    retries,
    baseDelayMs: 1,
    maxDelayMs: 5,
    isTransient: (error) => (error as { code?: string }).code === 'ECONNREFUSED',
    onRetry: (event) => events.push(event),
  };
}

describe('backoffDelayMs', () => {
  it('doubles the window per retry, caps it, and jitters within its upper half', () => {
    expect(backoffDelayMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelayMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelayMs(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelayMs(4, 100, 10_000, () => 0)).toBe(400);
    expect(backoffDelayMs(30, 100, 10_000, () => 1)).toBe(10_000);
  });
});

describe('withRetry', () => {
  it('returns the first success, retrying transient failures in between', async () => {
    const events: RetryEvent[] = [];
    let calls = 0;
    const result = await withRetry(policy(5, events), 'put', 'k', async (attempt) => {
      calls++;
      if (attempt < 2) throw transient;
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(events.map(({ operation, key, retry, error }) => ({ operation, key, retry, error }))).toEqual([
      { operation: 'put', key: 'k', retry: 1, error: transient },
      { operation: 'put', key: 'k', retry: 2, error: transient },
    ]);
  });

  it('gives up after `retries` retries and rethrows the last error unchanged', async () => {
    let calls = 0;
    const failing = withRetry(policy(2), 'get', 'k', async () => {
      calls++;
      throw transient;
    });
    await expect(failing).rejects.toBe(transient);
    expect(calls).toBe(3);
  });

  it('never retries non-transient errors', async () => {
    const events: RetryEvent[] = [];
    let calls = 0;
    const failing = withRetry(policy(5, events), 'get', 'k', async () => {
      calls++;
      throw permanent;
    });
    await expect(failing).rejects.toBe(permanent);
    expect(calls).toBe(1);
    expect(events).toEqual([]);
  });

  it('with zero retries makes exactly one attempt', async () => {
    let calls = 0;
    await expect(
      withRetry(policy(0), 'ping', undefined, async () => {
        calls++;
        throw transient;
      }),
    ).rejects.toBe(transient);
    expect(calls).toBe(1);
  });
});
