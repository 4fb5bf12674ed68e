import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves once the predicate turns true, counting throws as not yet', async () => {
    let calls = 0;
    await waitFor(
      async () => {
        calls++;
        if (calls < 3) throw new Error('still starting');
        return calls >= 4;
      },
      { intervalMs: 1 },
    );
    expect(calls).toBe(4);
  });

  it('rejects after the timeout, naming what it waited for and the last error', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 50, intervalMs: 5, description: 'the server' },
      ),
    ).rejects.toThrow(/the server not met within 50 ms \(last error: connection refused\)/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
