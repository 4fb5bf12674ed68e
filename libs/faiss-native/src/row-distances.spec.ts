import { availableDistanceKernels, distanceKernels, rowDistances, setDistanceKernels, type RowDistanceMetric } from './index';
import { seededRandom } from './testing/synthetic';

function uniform(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => random() * 2 - 1);
}

/** The engine's distances in float64, as libs/engine's JavaScript re-rank computed them. */
function expected(metric: RowDistanceMetric, query: Float32Array, base: Float32Array, row: number): { value: number; scale: number } {
  const d = query.length;
  let l2 = 0;
  let ip = 0;
  let absIp = 0;
  let norm = 0;
  for (let i = 0; i < d; i++) {
    const x = query[i];
    const y = base[row * d + i];
    l2 += (x - y) * (x - y);
    ip += x * y;
    absIp += Math.abs(x * y);
    norm += y * y;
  }
  if (metric === 'l2') return { value: l2, scale: l2 };
  if (metric === 'ip') return { value: -ip, scale: absIp };
  return norm > 0 ? { value: 1 - ip / Math.sqrt(norm), scale: 1 + absIp / Math.sqrt(norm) } : { value: 1, scale: 1 };
}

describe('rowDistances', () => {
  const initial = distanceKernels();
  afterAll(() => setDistanceKernels(initial));

  describe.each(availableDistanceKernels())('with the %s kernels', (kind) => {
    beforeAll(() => setDistanceKernels(kind));

    it.each([1, 3, 8, 9, 17, 33, 784])('matches float64 distances for l2, ip and cosine at d = %i', (d) => {
      const base = uniform(50 * d, d);
      const rows = Int32Array.from([49, 0, 7, 7, 23, 1]);
      for (const metric of ['l2', 'ip', 'cosine'] as const) {
        // A unit query for cosine, as the engine normalises queries first.
        const raw = uniform(d, d + 1000);
        const length = Math.hypot(...raw);
        const query = metric === 'cosine' ? raw.map((x) => x / length) : raw;
        const got = rowDistances(metric, query, base, rows);
        expect(got).toHaveLength(rows.length);
        rows.forEach((row, i) => {
          const { value, scale } = expected(metric, query, base, row);
          expect(Math.abs(got[i] - value)).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
        });
      }
    });
  });

  it('reads the query and base through their views (subarrays) and writes into a given out', () => {
    const d = 5;
    const backing = uniform(3 * d + 2, 7);
    const base = backing.subarray(2, 2 + 3 * d);
    const query = uniform(2 * d, 8).subarray(d, 2 * d);
    const out = new Float32Array(4).fill(-1);
    const returned = rowDistances('l2', query, base, Int32Array.from([2, 0]), out);
    expect(returned).toBe(out);
    expect(out[0]).toBeCloseTo(expected('l2', query, base, 2).value, 4);
    expect(out[1]).toBeCloseTo(expected('l2', query, base, 0).value, 4);
    expect(out[2]).toBe(-1);
  });

  it('is 1 for cosine to a zero row', () => {
    expect(rowDistances('cosine', Float32Array.from([1, 0]), new Float32Array(4), Int32Array.from([1]))[0]).toBe(1);
  });

  it('refuses rows outside base and too short an out, writing nothing', () => {
    const out = new Float32Array(2).fill(-1);
    expect(() => rowDistances('l2', new Float32Array(3), new Float32Array(6), Int32Array.from([0, 2]), out)).toThrow(
      new RangeError('rows[1] = 2 is outside base (2 rows of 3)'),
    );
    expect(() => rowDistances('l2', new Float32Array(3), new Float32Array(6), Int32Array.from([-1]), out)).toThrow('rows[0] = -1 is outside base');
    expect(out).toEqual(Float32Array.from([-1, -1]));
    expect(() => rowDistances('l2', new Float32Array(3), new Float32Array(6), Int32Array.from([0, 1, 1]), out)).toThrow(new RangeError('out has 2 floats, needs 3'));
  });

  it('names the argument and the rule for wrong types and values', () => {
    const q = new Float32Array(2);
    expect(() => rowDistances('hamming' as RowDistanceMetric, q, q, new Int32Array(0))).toThrow(new RangeError("metric must be 'l2', 'ip' or 'cosine', got 'hamming'"));
    expect(() => rowDistances('l2', new Float64Array(2) as unknown as Float32Array, q, new Int32Array(0))).toThrow(/query must be a Float32Array, got Float64Array/);
    expect(() => rowDistances('l2', q, q, new Uint32Array(1) as unknown as Int32Array)).toThrow(/rows must be an Int32Array, got Uint32Array/);
    expect(() => rowDistances('l2', new Float32Array(0), q, new Int32Array(0))).toThrow(new RangeError('query must not be empty'));
  });
});
