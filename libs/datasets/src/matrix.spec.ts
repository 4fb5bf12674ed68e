import { normalizeRows } from './index';

describe('normalizeRows', () => {
  it('returns an L2-normalised copy and leaves zero rows zero', () => {
    const input = { n: 3, d: 2, data: Float32Array.from([3, 4, 0, 0, -2, 0]) };
    const out = normalizeRows(input);
    expect(Array.from(out.data)).toEqual([Math.fround(0.6), Math.fround(0.8), 0, 0, -1, 0]);
    expect(Array.from(input.data)).toEqual([3, 4, 0, 0, -2, 0]);
    expect(out.data).not.toBe(input.data);
  });

  it('rejects data that does not match n×d', () => {
    expect(() => normalizeRows({ n: 2, d: 2, data: new Float32Array(5) })).toThrow('normalizeRows: data has 5 values, expected n*d = 2*2 = 4');
  });
});
