import { nearestRankPercentile } from './percentile';

describe('nearestRankPercentile', () => {
  it('takes the value at rank ceil(p/100 · n), clamped to the ends', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRankPercentile(sorted, 50)).toBe(5);
    expect(nearestRankPercentile(sorted, 99)).toBe(10);
    expect(nearestRankPercentile(sorted, 0)).toBe(1);
    expect(nearestRankPercentile(sorted, 100)).toBe(10);
    expect(nearestRankPercentile([], 50)).toBeNaN();
  });
});
