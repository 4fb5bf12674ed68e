/** A seeded pseudo-random source: the same seed yields the same sequence on every run. */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Standard normal (mean 0, variance 1). */
  normal(): number;
  /** Uniform integer in [0, maxExclusive), unbiased; maxExclusive must be an integer in 1..2^32. */
  int(maxExclusive: number): number;
}

/**
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32, with a ziggurat normal sampler.
 * @param seed any safe integer.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  return new Xoshiro128(seed);
}

// Module-local aliases: under Jest's vm sandbox a global lookup such as `Math.imul` inside a hot loop
// costs ~100x more than a local one, and this library is the reference that other libs' specs call.
const { abs, exp, imul, log } = Math;
const { isInteger } = Number;

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

// Marsaglia & Tsang's 128-layer ziggurat (J. Stat. Softw. 5(8), 2000). Unlike the original, the
// layer index (low 7 bits) and the signed magnitude (high 25 bits) come from disjoint bits of the
// draw, which removes the known correlation between them (Doornik 2005).
const LAYERS = 128;
const R = 3.442619855899;
const MAGNITUDE_SCALE = 2 ** 24;
const KN = new Float64Array(LAYERS);
const WN = new Float64Array(LAYERS);
const FN = new Float64Array(LAYERS);
(function buildZigguratTables(): void {
  const area = 9.91256303526217e-3;
  let dn = R;
  let tn = R;
  const q = area / Math.exp(-0.5 * dn * dn);
  KN[0] = (dn / q) * MAGNITUDE_SCALE;
  KN[1] = 0;
  WN[0] = q / MAGNITUDE_SCALE;
  WN[LAYERS - 1] = dn / MAGNITUDE_SCALE;
  FN[0] = 1;
  FN[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(area / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = (dn / tn) * MAGNITUDE_SCALE;
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / MAGNITUDE_SCALE;
  }
})();

class Xoshiro128 implements Rng {
  // State lives in an Int32Array: int32 object fields would be boxed as heap numbers by V8.
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    // splitmix32 over the low and high words. It is a bijection of its counter, so at most one of
    // the four words can be zero and the all-zero state xoshiro must avoid is unreachable.
    let x = (seed >>> 0) ^ imul(Math.floor(seed / TWO_POW_32) | 0, 0x27d4eb2d);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = imul(z ^ (z >>> 16), 0x85ebca6b);
      z = imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
  }

  /** The next raw 32-bit output as a signed int32. */
  private nextInt32(): number {
    const s = this.s;
    const result = imul(rotl(imul(s[1], 5), 7), 9);
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  next(): number {
    return (this.nextInt32() >>> 0) * INV_TWO_POW_32;
  }

  int(maxExclusive: number): number {
    if (!isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_POW_32) {
      throw new RangeError(`maxExclusive must be an integer in 1..2^32, got ${maxExclusive}`);
    }
    // Reject the incomplete last block of 2^32 so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % maxExclusive);
    for (;;) {
      const x = this.nextInt32() >>> 0;
      if (x < limit) return x % maxExclusive;
    }
  }

  normal(): number {
    for (;;) {
      const bits = this.nextInt32();
      const layer = bits & (LAYERS - 1);
      const hz = bits >> 7;
      const x = hz * WN[layer];
      // Fast path (~99% of draws): the point lies inside the rectangle fully under the curve.
      if (abs(hz) < KN[layer]) return x;
      if (layer === 0) return this.tail(hz > 0);
      if (FN[layer] + this.next() * (FN[layer - 1] - FN[layer]) < exp(-0.5 * x * x)) return x;
    }
  }

  /** Marsaglia's exact sampler for |x| > R. */
  private tail(positive: boolean): number {
    for (;;) {
      const x = -log(1 - this.next()) / R;
      const y = -log(1 - this.next());
      if (y + y >= x * x) return positive ? R + x : -R - x;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
