/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long. @defaultValue 5000 */
  timeoutMs?: number;
  /** Pause between two checks. @defaultValue 25 */
  intervalMs?: number;
  /** Named in the timeout error, so a failing test says what it waited for. @defaultValue 'condition' */
  description?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once `predicate` returns (or resolves) true; rejects after `timeoutMs`. A predicate that
 * throws counts as "not yet" (a server that is still starting refuses connections), and its last
 * error is quoted in the timeout message.
 */
export async function waitFor(predicate: () => boolean | Promise<boolean>, options: WaitForOptions = {}): Promise<void> {
  const { timeoutMs = 5000, intervalMs = 25, description = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await predicate()) return;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
      throw new Error(`waitFor: ${description} not met within ${timeoutMs} ms${reason}`);
    }
    await sleep(intervalMs);
  }
}
