export const TIMED_OUT: unique symbol = Symbol('timed out');

/** Settles like `promise`, or with {@link TIMED_OUT} after `ms`; the timer never outlives the race. */
export async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms))));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Resolves true once `done()` holds, running `attempt` (bounded by what is left of the deadline)
 * and pausing `retryMs` between rounds; false when `timeoutMs` runs out first.
 */
export async function retryUntil(done: () => boolean, attempt: () => Promise<unknown>, timeoutMs: number, retryMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await withinMs(attempt(), left);
    if (!done()) await sleep(Math.min(retryMs, deadline - Date.now()));
  }
  return true;
}
