/** How finely latencies are binned; see {@link LogLatencyBins}. */
export interface LogLatencyBinsOptions {
  /**
   * Largest relative error of a reported quantile, for latencies in [minMs, maxMs].
   * @defaultValue 0.01 (1 %)
   */
  relativeError?: number;
  /** Latencies at or below this share the first bin and are reported as `minMs`. @defaultValue 0.01 */
  minMs?: number;
  /** Latencies above this count in the last bin, reported (under-estimated) as about `maxMs`. @defaultValue 120000 */
  maxMs?: number;
}

/**
 * Log-spaced latency bins (the DDSketch layout): bin 0 holds (0, minMs], bin i ≥ 1 holds
 * (minMs·γ^(i-1), minMs·γ^i] with γ = (1+α)/(1-α). Every value of a bin is reported as
 * 2·upper/(γ+1), which lies within α of both ends of the bin, so a quantile read from bin counts
 * is within α (relative) of the exact one whenever it lies in [minMs, maxMs]. With the defaults
 * (α = 1 %, 10 µs to 2 min) that is 816 bins.
 */
export class LogLatencyBins {
  readonly relativeError: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Number of bins, the first included. */
  readonly size: number;
  private readonly gamma: number;
  private readonly logGamma: number;

  constructor({ relativeError = 0.01, minMs = 0.01, maxMs = 120_000 }: LogLatencyBinsOptions = {}) {
    if (!(relativeError > 0 && relativeError < 1)) throw new RangeError(`relativeError must be in (0, 1), got ${relativeError}`);
    if (!(minMs > 0 && Number.isFinite(minMs))) throw new RangeError(`minMs must be a positive number, got ${minMs}`);
    if (!(maxMs > minMs && Number.isFinite(maxMs))) throw new RangeError(`maxMs must be a number above minMs (${minMs}), got ${maxMs}`);
    this.relativeError = relativeError;
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.logGamma = Math.log(this.gamma);
    this.size = Math.ceil(Math.log(maxMs / minMs) / this.logGamma) + 1;
  }

  /** The bin of a latency; NaN and negatives count in the first bin, latencies above maxMs in the last. */
  indexOf(latencyMs: number): number {
    if (!(latencyMs > this.minMs)) return 0;
    return Math.min(this.size - 1, Math.max(1, Math.ceil(Math.log(latencyMs / this.minMs) / this.logGamma)));
  }

  /** What every latency of bin `index` is reported as: within the relative error of the bin's bounds, at most maxMs. */
  valueOf(index: number): number {
    if (index <= 0) return this.minMs;
    const upper = this.minMs * this.gamma ** index;
    return Math.min(this.maxMs, (2 * upper) / (this.gamma + 1));
  }

  /**
   * The nearest-rank quantile q of the latencies counted in `counts` (one count per bin): the
   * value of rank ⌈q·n⌉ (at least 1) in sorted order. Null when nothing was counted.
   */
  quantile(counts: ArrayLike<number>, q: number): number | null {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1], got ${q}`);
    let total = 0;
    for (let i = 0; i < counts.length; i++) total += counts[i];
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) return this.valueOf(i);
    }
    return this.valueOf(counts.length - 1);
  }
}
