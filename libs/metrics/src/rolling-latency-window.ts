import { LogLatencyBins, type LogLatencyBinsOptions } from './log-latency-bins';

export interface RollingLatencyWindowOptions extends LogLatencyBinsOptions {
  /** Width of one time bucket. @defaultValue 10000 (10 s) */
  bucketMs?: number;
  /** How far back the window reaches; a whole number of buckets. @defaultValue 900000 (15 min) */
  windowMs?: number;
  /** Milliseconds since the epoch; injected by tests. @defaultValue Date.now */
  now?: () => number;
}

/** One time bucket of {@link RollingLatencyWindow.series}. */
export interface LatencyBucket {
  /** Start of the bucket, ms since the epoch (a multiple of bucketMs). */
  start: number;
  /** Requests answered in the bucket. */
  count: number;
  /** Of which failed on the server side (recorded with `failed`). */
  errors: number;
  /** count per second of the bucket; for the current bucket, per second elapsed so far (at least 1 s). */
  qps: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** The current bucket, still filling. */
  partial: boolean;
}

/** Several buckets merged; see {@link RollingLatencyWindow.summary}. */
export interface LatencySummary {
  count: number;
  errors: number;
  /** Seconds covered: from the start of the oldest bucket merged to now. */
  seconds: number;
  qps: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

interface Slot {
  start: number;
  count: number;
  errors: number;
  /** Allocated on the first request of the slot's bucket: an idle window costs no histograms. */
  bins: Uint32Array | null;
}

/**
 * Request latencies of the last `windowMs` in fixed `bucketMs` buckets, each with a log-spaced
 * histogram ({@link LogLatencyBins}): quantiles within `relativeError` of the exact ones, in
 * constant memory per bucket, whatever the request rate. A ring of buckets indexed by time:
 * a slot whose start is not the expected one holds an evicted bucket and reads as empty.
 * Not thread-safe and not shared: one per process, fed from one event loop.
 */
export class RollingLatencyWindow {
  readonly bucketMs: number;
  readonly windowMs: number;
  readonly bins: LogLatencyBins;
  private readonly now: () => number;
  private readonly slots: Slot[];

  constructor({ bucketMs = 10_000, windowMs = 900_000, now = Date.now, ...bins }: RollingLatencyWindowOptions = {}) {
    if (!Number.isSafeInteger(bucketMs) || bucketMs < 1) throw new RangeError(`bucketMs must be a positive integer, got ${bucketMs}`);
    if (!Number.isSafeInteger(windowMs) || windowMs < bucketMs || windowMs % bucketMs !== 0) {
      throw new RangeError(`windowMs must be a whole number of buckets (${bucketMs} ms), got ${windowMs}`);
    }
    this.bucketMs = bucketMs;
    this.windowMs = windowMs;
    this.now = now;
    this.bins = new LogLatencyBins(bins);
    this.slots = Array.from({ length: windowMs / bucketMs }, () => ({ start: Number.NaN, count: 0, errors: 0, bins: null }));
  }

  /** Counts one answered request that took `latencyMs`; `failed` for server-side failures (5xx). */
  record(latencyMs: number, failed = false): void {
    const start = this.bucketStart(this.now());
    const slot = this.slotOf(start);
    if (slot.start !== start) {
      slot.start = start;
      slot.count = 0;
      slot.errors = 0;
      slot.bins?.fill(0);
    }
    slot.bins ??= new Uint32Array(this.bins.size);
    slot.bins[this.bins.indexOf(latencyMs)] += 1;
    slot.count += 1;
    if (failed) slot.errors += 1;
  }

  /** Every bucket of the window, oldest first, the current (partial) one last; empty ones included. */
  series(): LatencyBucket[] {
    const now = this.now();
    const current = this.bucketStart(now);
    const buckets: LatencyBucket[] = [];
    for (let start = current - this.windowMs + this.bucketMs; start <= current; start += this.bucketMs) {
      const slot = this.live(start);
      const seconds = start === current ? Math.max(1, (now - start) / 1000) : this.bucketMs / 1000;
      buckets.push({
        start,
        count: slot?.count ?? 0,
        errors: slot?.errors ?? 0,
        qps: (slot?.count ?? 0) / seconds,
        p50Ms: slot?.bins ? this.bins.quantile(slot.bins, 0.5) : null,
        p99Ms: slot?.bins ? this.bins.quantile(slot.bins, 0.99) : null,
        partial: start === current,
      });
    }
    return buckets;
  }

  /** The last `buckets` buckets (the current one included) merged: e.g. 6 for about the last minute. */
  summary(buckets = 1): LatencySummary {
    if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > this.slots.length) {
      throw new RangeError(`buckets must be an integer in [1, ${this.slots.length}], got ${buckets}`);
    }
    const now = this.now();
    const oldest = this.bucketStart(now) - (buckets - 1) * this.bucketMs;
    const merged = new Float64Array(this.bins.size);
    let count = 0;
    let errors = 0;
    for (let start = oldest; start <= now; start += this.bucketMs) {
      const slot = this.live(start);
      if (slot?.bins == null) continue;
      count += slot.count;
      errors += slot.errors;
      for (let i = 0; i < merged.length; i++) merged[i] += slot.bins[i];
    }
    const seconds = Math.max(1, (now - oldest) / 1000);
    return { count, errors, seconds, qps: count / seconds, p50Ms: this.bins.quantile(merged, 0.5), p99Ms: this.bins.quantile(merged, 0.99) };
  }

  private bucketStart(time: number): number {
    return Math.floor(time / this.bucketMs) * this.bucketMs;
  }

  private slotOf(start: number): Slot {
    const n = this.slots.length;
    return this.slots[(((start / this.bucketMs) % n) + n) % n];
  }

  /** The slot of the bucket starting at `start`, unless it was evicted (reused by a later bucket) or never filled. */
  private live(start: number): Slot | undefined {
    const slot = this.slotOf(start);
    return slot.start === start ? slot : undefined;
  }
}
