import { sampleRows, splitQueries, VectorSet } from './index';

/** Row i is [i, -i], so a row's values reveal where it came from. */
function indexed(n: number): VectorSet {
  const data = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) data.set([i, -i], i * 2);
  return { n, d: 2, data };
}
const origins = (set: VectorSet) => Array.from({ length: set.n }, (_, i) => set.data[i * 2]);

describe('sampleRows', () => {
  it('draws distinct rows, deterministically per seed', () => {
    const set = indexed(100);
    const sample = sampleRows(set, 30, 9);
    const rows = origins(sample);
    expect(sample.n).toBe(30);
    expect(new Set(rows).size).toBe(30);
    rows.forEach((r, i) => expect(sample.data[i * 2 + 1]).toBe(-r));
    expect(sampleRows(set, 30, 9)).toEqual(sample);
    expect(origins(sampleRows(set, 30, 10))).not.toEqual(rows);
    expect(origins(sampleRows(set, 100, 1)).sort((a, b) => a - b)).toEqual(origins(set));
  });

  it('samples each row with equal probability', () => {
    const set = indexed(10);
    const hits = new Array(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const r of origins(sampleRows(set, 3, seed))) hits[r]++;
    for (const h of hits) expect(Math.abs(h - 600)).toBeLessThan(90);
  });

  it('rejects a count outside 0..n', () => {
    expect(() => sampleRows(indexed(5), 6, 1)).toThrow('count must be an integer in 0..5, got 6');
    expect(sampleRows(indexed(5), 0, 1).n).toBe(0);
  });
});

describe('splitQueries', () => {
  it('holds out disjoint queries and keeps the rest of the base in order', () => {
    const set = indexed(50);
    const split = splitQueries(set, 8, 4);
    expect([split.base.n, split.queries.n]).toEqual([42, 8]);
    expect(origins(split.queries)).toEqual(Array.from(split.queryRows));
    expect(origins(split.base)).toEqual(Array.from(split.baseRows));
    expect(Array.from(split.baseRows)).toEqual([...split.baseRows].sort((a, b) => a - b));
    expect([...split.baseRows, ...split.queryRows].sort((a, b) => a - b)).toEqual(origins(set));
    expect(splitQueries(set, 8, 4)).toEqual(split);
    expect(() => splitQueries(set, 51, 4)).toThrow('queries must be an integer in 0..50, got 51');
  });
});
