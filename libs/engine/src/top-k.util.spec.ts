import { TopK } from './top-k.util';

describe('TopK', () => {
  it('keeps the k lowest distances, best first, ties by lower label', () => {
    const top = new TopK(3);
    [
      [5, 1n],
      [1, 2n],
      [3, 3n],
      [3, 0n],
      [9, 4n],
      [0.5, 5n],
    ].forEach(([d, l]) => top.push(d as number, l as bigint));
    const { distances, labels } = top.drain();
    expect(Array.from(distances)).toEqual([0.5, 1, 3]);
    expect(Array.from(labels)).toEqual([5n, 2n, 0n]);
  });

  it('returns fewer than k when fewer were pushed, and handles k = 0', () => {
    const top = new TopK(4);
    top.push(2, 7n);
    expect(Array.from(top.drain().labels)).toEqual([7n]);
    const none = new TopK(0);
    none.push(1, 1n);
    expect(none.drain().labels.length).toBe(0);
  });

  it('matches a full sort on random input', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const items = Array.from({ length: 500 }, (_, i) => ({ d: Math.round(rand() * 50), l: BigInt(i) }));
    const top = new TopK(20);
    items.forEach((x) => top.push(x.d, x.l));
    const expected = [...items].sort((a, b) => a.d - b.d || Number(a.l - b.l)).slice(0, 20);
    expect(Array.from(top.drain().labels)).toEqual(expected.map((x) => x.l));
  });
});
