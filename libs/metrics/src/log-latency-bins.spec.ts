import { createRng } from '@shoal/datasets';
import { LogLatencyBins } from './log-latency-bins';

/** The nearest-rank quantile of `values`, exactly. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

function countsOf(bins: LogLatencyBins, values: number[]): Uint32Array {
  const counts = new Uint32Array(bins.size);
  for (const v of values) counts[bins.indexOf(v)] += 1;
  return counts;
}

describe('LogLatencyBins', () => {
  it('spans 10 µs to 2 min in 816 bins at the default 1 %', () => {
    const bins = new LogLatencyBins();
    expect(bins.size).toBe(816);
    expect(bins.indexOf(0.01)).toBe(0);
    expect(bins.indexOf(120_000)).toBe(bins.size - 1);
  });

  it('reports every value of a bin within the relative error of the value itself', () => {
    const bins = new LogLatencyBins({ relativeError: 0.02 });
    const rng = createRng(1);
    const next = () => rng.next();
    for (let i = 0; i < 10_000; i++) {
      const v = 0.01 * 1.2e7 ** next();
      expect(Math.abs(bins.valueOf(bins.indexOf(v)) - v) / v).toBeLessThanOrEqual(0.02 + 1e-12);
    }
  });

  it.each([
    ['log-normal around 3 ms', (next: () => number) => Math.exp(Math.log(3) + 0.8 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()))],
    ['uniform 1–50 ms', (next: () => number) => 1 + 49 * next()],
    ['bimodal: cached 0.2 ms and cold 800 ms', (next: () => number) => (next() < 0.9 ? 0.2 + 0.05 * next() : 800 + 400 * next())],
  ])('estimates p50, p90, p99 and p99.9 of %s within 1 %% of the exact quantiles', (_name, draw) => {
    const bins = new LogLatencyBins();
    for (const seed of [7, 8, 9]) {
      const rng = createRng(seed);
      const next = () => rng.next();
      const values = Array.from({ length: 20_000 }, () => draw(next));
      const counts = countsOf(bins, values);
      for (const q of [0.5, 0.9, 0.99, 0.999]) {
        const exact = exactQuantile(values, q);
        const estimate = bins.quantile(counts, q) as number;
        expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.01 + 1e-12);
      }
    }
  });

  it('gives the extremes for q = 0 and q = 1 and null for no data', () => {
    const bins = new LogLatencyBins();
    const counts = countsOf(bins, [2, 4, 8, 16]);
    expect(bins.quantile(counts, 0)).toBeCloseTo(2, 1);
    expect(bins.quantile(counts, 1)).toBeCloseTo(16, 0);
    expect(bins.quantile(new Uint32Array(bins.size), 0.5)).toBeNull();
  });

  it('reports latencies below minMs as minMs and above maxMs as about maxMs', () => {
    const bins = new LogLatencyBins({ minMs: 0.1, maxMs: 1000 });
    for (const v of [0, -1, Number.NaN, 0.05]) expect(bins.valueOf(bins.indexOf(v))).toBe(0.1);
    for (const v of [1000, 5000, Number.POSITIVE_INFINITY]) {
      expect(bins.indexOf(v)).toBe(bins.size - 1);
      expect(Math.abs(bins.valueOf(bins.indexOf(v)) - 1000) / 1000).toBeLessThanOrEqual(0.01);
    }
  });

  it('refuses meaningless options', () => {
    expect(() => new LogLatencyBins({ relativeError: 0 })).toThrow(RangeError);
    expect(() => new LogLatencyBins({ relativeError: 1 })).toThrow(RangeError);
    expect(() => new LogLatencyBins({ minMs: 0 })).toThrow(RangeError);
    expect(() => new LogLatencyBins({ minMs: 5, maxMs: 5 })).toThrow(RangeError);
    expect(() => new LogLatencyBins().quantile([1], 1.5)).toThrow(RangeError);
  });
});
