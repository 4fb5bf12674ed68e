import { ClusterErrorCode } from './cluster.error';
import { murmur3_32 } from './hash.util';
import { gatherByPosition, shardOf, splitByShard } from './shard-routing.util';
import { errorCodeOf as code } from './testing/error-code';
import { CHI2_DF15_P001, chiSquareUniform, seededRng } from './testing/seeded-rng';

describe('shardOf', () => {
  it('is the MurmurHash3 (seed 0) of the id modulo the shard count', () => {
    expect(shardOf('hello', 7)).toBe(0x248bfa47 % 7);
    expect(shardOf('The quick brown fox jumps over the lazy dog', 16)).toBe(0x2e4ff723 % 16);
    expect(shardOf('anything', 1)).toBe(0);
  });

  it('balances 100k ids over 16 shards', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 100_000; i++) counts[shardOf(`vec_${i}`, 16)]++;
    expect(chiSquareUniform(counts)).toBeLessThan(CHI2_DF15_P001);
  });

  it.each([0, -1, 1.5, NaN, 65_537])('rejects shard count %p', (shardCount) => {
    expect(code(() => shardOf('a', shardCount))).toBe(ClusterErrorCode.InvalidArgument);
  });
});

describe('splitByShard', () => {
  interface Doc {
    id: string;
    vector: number[];
  }
  const docs: Doc[] = Array.from({ length: 500 }, (_, i) => ({ id: `d${i}`, vector: [i] }));

  it('puts every item on its shard, keeps positions ascending and iterates shards in order', () => {
    const byShard = splitByShard(docs, (d) => d.id, 8);
    expect([...byShard.keys()]).toEqual([...byShard.keys()].sort((a, b) => a - b));
    let seen = 0;
    for (const [shard, { items, positions }] of byShard) {
      expect(items.length).toBe(positions.length);
      items.forEach((doc, i) => {
        expect(shardOf(doc.id, 8)).toBe(shard);
        expect(docs[positions[i]]).toBe(doc);
        if (i > 0) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
      });
      seen += items.length;
    }
    expect(seen).toBe(docs.length);
  });

  it('omits shards that receive nothing', () => {
    const one = [{ id: 'lonely', vector: [] }];
    const byShard = splitByShard(one, (d) => d.id, 32);
    expect([...byShard.keys()]).toEqual([murmur3_32('lonely') % 32]);
    expect(splitByShard([], (d: Doc) => d.id, 4).size).toBe(0);
  });

  it('round-trips through gatherByPosition with shards answering in any order', () => {
    const rng = seededRng(3);
    const byShard = splitByShard(docs, (d) => d.id, 5);
    const answers = rng.shuffle([...byShard.values()]).map(({ items, positions }) => ({
      positions,
      results: items.map((d) => `ok:${d.id}`),
    }));
    expect(gatherByPosition(docs.length, answers)).toEqual(docs.map((d) => `ok:${d.id}`));
  });
});

describe('gatherByPosition', () => {
  it('rejects a shard answering the wrong number of items', () => {
    expect(code(() => gatherByPosition(2, [{ positions: [0, 1], results: ['a'] }]))).toBe('INVALID_ARGUMENT');
  });

  it('rejects missing, repeated and out-of-range positions', () => {
    expect(code(() => gatherByPosition(3, [{ positions: [0, 2], results: ['a', 'c'] }]))).toBe('INVALID_ARGUMENT');
    expect(code(() => gatherByPosition(2, [{ positions: [0, 0], results: ['a', 'b'] }]))).toBe('INVALID_ARGUMENT');
    expect(code(() => gatherByPosition(1, [{ positions: [1], results: ['a'] }]))).toBe('INVALID_ARGUMENT');
    expect(code(() => gatherByPosition(0, []))).toBe('none');
  });
});
