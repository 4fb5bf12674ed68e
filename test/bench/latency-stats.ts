import { nearestRankPercentile } from '@shoal/datasets';
/** p-th percentile (0..100) of latencies in ms, nearest-rank. */
export function percentile(values: number[], p: number): number {
  return nearestRankPercentile([...values].sort((a, b) => a - b), p);
}

/**
 * Runs `clients` concurrent loops of `call(i)` for `seconds`; returns throughput and latencies.
 * Every loop awaits its own call before the next, like a client with one request in flight.
 */
export async function closedLoop(clients: number, seconds: number, call: (i: number) => Promise<void>): Promise<{ qps: number; p50: number; p99: number; count: number }> {
  const latencies: number[] = [];
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const i = next++;
        const t0 = performance.now();
        await call(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { qps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length };
}

/**
 * One client alternating `a(i)` and `b(i)` (swapping which goes first each round) for `seconds`:
 * both see the same machine state, so the difference of their p50s is not a drift between runs.
 */
export async function interleaved(seconds: number, a: (i: number) => Promise<void>, b: (i: number) => Promise<void>): Promise<{ a: { p50: number; p99: number }; b: { p50: number; p99: number } }> {
  const times = { a: [] as number[], b: [] as number[] };
  const until = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < until; i++) {
    for (const which of i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      const t0 = performance.now();
      await (which === 'a' ? a : b)(i);
      times[which].push(performance.now() - t0);
    }
  }
  const stats = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  return { a: stats(times.a), b: stats(times.b) };
}
