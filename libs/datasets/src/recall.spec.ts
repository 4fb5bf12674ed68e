import { recallAtK } from './index';

describe('recallAtK', () => {
  const truth = [1, 2, 3, 4, 5, 6];

  it('is 1.0 for the exact answer in any order', () => {
    expect(recallAtK([3, 2, 1, 6, 4, 5], truth, 2, 3)).toBe(1);
  });

  it('is the mean of per-query overlaps', () => {
    // Query 0 finds 2 of 3, query 1 finds 1 of 3: (2/3 + 1/3) / 2.
    expect(recallAtK([1, 2, 9, 4, 8, 7], truth, 2, 3)).toBeCloseTo(0.5, 12);
    expect(recallAtK([1, 2, 9, 9], [1, 2, 3, 4], 2, 2)).toBe(0.5);
  });

  it('ignores -1 empty slots and counts a repeated id once', () => {
    expect(recallAtK([1, -1, -1, 4, 5, 6], truth, 2, 3)).toBe(4 / 6);
    expect(recallAtK([1, 1, 1], [1, 2, 3], 1, 3)).toBe(1 / 3);
    expect(recallAtK([-1, -1], [-1, -1], 1, 2)).toBe(0);
  });

  it('accepts Faiss bigint ids', () => {
    expect(recallAtK(BigInt64Array.from([1n, 2n, -1n, 5n]), [1, 2, 5, 6], 2, 2)).toBe(0.75);
  });

  it('scores the first k of longer rows given strides', () => {
    // found holds 4 per query, truth 3 per query; recall@2 looks at found[0..2) and truth[0..2).
    const found = [1, 2, 3, 4, /* q1 */ 7, 9, 8, 5];
    const wide = [2, 1, 3, /* q1 */ 8, 7, 9];
    expect(recallAtK(found, wide, 2, 2, { foundStride: 4, truthStride: 3 })).toBe(0.75);
  });

  it('rejects inconsistent layouts', () => {
    expect(() => recallAtK([1, 2, 3], truth, 2, 3)).toThrow('recallAtK: found has 3 entries, needs at least 6 for nq=2, k=3, stride=3');
    expect(() => recallAtK(truth, truth, 2, 3, { truthStride: 2 })).toThrow('truthStride must be an integer >= k (3), got 2');
    expect(() => recallAtK(truth, truth, 0, 3)).toThrow('nq must be a positive integer');
    expect(() => recallAtK(truth, truth, 1, 0)).toThrow('k must be a positive integer');
  });
});
