import { RollingLatencyWindow } from './rolling-latency-window';

/** A clock the test moves by hand, starting at a bucket boundary. */
function manualClock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

describe('RollingLatencyWindow', () => {
  it('lists every bucket of the window, oldest first, with the current one partial', () => {
    const clock = manualClock();
    const window = new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 60_000, now: clock.now });
    const series = window.series();
    expect(series).toHaveLength(6);
    expect(series.map((b) => b.start)).toEqual([-50_000, -40_000, -30_000, -20_000, -10_000, 0].map((d) => 1_800_000_000_000 + d));
    expect(series.every((b) => b.count === 0 && b.qps === 0 && b.p50Ms === null && b.p99Ms === null)).toBe(true);
    expect(series.map((b) => b.partial)).toEqual([false, false, false, false, false, true]);
  });

  it('puts each request in the bucket of its time, with count, errors, QPS and quantiles', () => {
    const clock = manualClock();
    const window = new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 60_000, now: clock.now });
    for (let i = 1; i <= 100; i++) window.record(i);
    window.record(1000, true);
    clock.advance(10_000);
    for (let i = 0; i < 20; i++) window.record(5);
    clock.advance(4_000);

    const [previous, current] = window.series().slice(-2);
    expect(previous).toMatchObject({ count: 101, errors: 1, qps: 10.1, partial: false });
    expect(previous.p50Ms).toBeCloseTo(51, -0.5);
    expect(Math.abs((previous.p99Ms as number) - 100) / 100).toBeLessThanOrEqual(0.01);
    // The current bucket's rate is over the 4 s it has lasted so far.
    expect(current).toMatchObject({ count: 20, errors: 0, qps: 5, partial: true });
    expect(Math.abs((current.p50Ms as number) - 5) / 5).toBeLessThanOrEqual(0.01);
  });

  it('merges the last buckets in summary, rate over the time they cover', () => {
    const clock = manualClock();
    const window = new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 60_000, now: clock.now });
    for (let i = 0; i < 99; i++) window.record(2);
    clock.advance(10_000);
    window.record(400, true);
    clock.advance(5_000);
    const summary = window.summary(2);
    expect(summary).toMatchObject({ count: 100, errors: 1, seconds: 15 });
    expect(summary.qps).toBeCloseTo(100 / 15);
    expect(Math.abs((summary.p50Ms as number) - 2) / 2).toBeLessThanOrEqual(0.01);
    expect(Math.abs((summary.p99Ms as number) - 2) / 2).toBeLessThanOrEqual(0.01);
    expect(window.summary(1)).toMatchObject({ count: 1, seconds: 5 });
    expect(window.summary(1).p99Ms).toBeCloseTo(400, -1);
  });

  it('evicts buckets older than the window as time passes, even when nothing is recorded', () => {
    const clock = manualClock();
    const window = new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 60_000, now: clock.now });
    window.record(3);
    clock.advance(50_000);
    expect(window.series()[0]).toMatchObject({ count: 1 });
    expect(window.summary(6).count).toBe(1);
    clock.advance(10_000);
    expect(window.series().every((b) => b.count === 0)).toBe(true);
    expect(window.summary(6)).toMatchObject({ count: 0, p50Ms: null, p99Ms: null });
  });

  it('reuses a slot for a later bucket without leaking its old counts', () => {
    const clock = manualClock();
    const window = new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 30_000, now: clock.now });
    for (let i = 0; i < 50; i++) window.record(1000);
    // Exactly one window later the same slot serves the new bucket.
    clock.advance(30_000);
    window.record(1);
    const series = window.series();
    expect(series.map((b) => b.count)).toEqual([0, 0, 1]);
    expect(Math.abs((series[2].p99Ms as number) - 1)).toBeLessThanOrEqual(0.01);
    // A jump far past the window forgets everything.
    clock.advance(10 * 60_000);
    expect(window.series().map((b) => b.count)).toEqual([0, 0, 0]);
  });

  it('refuses a window that is not a whole number of buckets, and out-of-range summaries', () => {
    expect(() => new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 15_000 })).toThrow(RangeError);
    expect(() => new RollingLatencyWindow({ bucketMs: 0 })).toThrow(RangeError);
    const window = new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 60_000 });
    expect(() => window.summary(0)).toThrow(RangeError);
    expect(() => window.summary(7)).toThrow(RangeError);
  });

  it('defaults to 90 buckets of 10 s (15 minutes) at 1 % relative error', () => {
    const window = new RollingLatencyWindow();
    expect(window.series()).toHaveLength(90);
    expect(window.bins.relativeError).toBe(0.01);
  });
});
