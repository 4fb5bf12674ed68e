import { ClusterErrorCode } from './cluster.error';
import { compareHits, Hit, mergeBatches, mergeTopK } from './merge-top-k.util';
import { errorCodeOf } from './testing/error-code';
import { seededRng, TestRng } from './testing/seeded-rng';

/** The specification: concatenate, keep each id's best hit, sort by (distance, id), take k. */
function reference(lists: readonly (readonly Hit[])[], k: number): Hit[] {
  const best = new Map<string, Hit>();
  for (const hit of lists.flat()) {
    const kept = best.get(hit.id);
    if (!kept || compareHits(hit, kept) < 0) best.set(hit.id, hit);
  }
  return [...best.values()].sort(compareHits).slice(0, k);
}

/** A shard's list: sorted by distance, equal distances in arbitrary (label) order, as Faiss returns them. */
function randomList(rng: TestRng, length: number, idPool: number, coarse: boolean): Hit[] {
  const hits = Array.from({ length }, () => ({
    id: `id${rng.int(idPool)}`,
    distance: coarse ? rng.int(12) : rng.next() * 10 - 5,
    tieKey: rng.next(),
  }));
  hits.sort((a, b) => a.distance - b.distance || a.tieKey - b.tieKey);
  return hits.map(({ id, distance }) => ({ id, distance }));
}

const plain = (hits: Hit[]): Hit[] => hits.map(({ id, distance }) => ({ id, distance }));

describe('mergeTopK', () => {
  it('equals sort-of-concatenation on 2,000 random inputs with ties and duplicate ids', () => {
    const rng = seededRng(11);
    for (let trial = 0; trial < 2000; trial++) {
      const coarse = trial % 2 === 0;
      const lists = Array.from({ length: 1 + rng.int(8) }, () => randomList(rng, rng.int(30), 5 + rng.int(80), coarse));
      const k = rng.int(40);
      // JSON comparison: ~10x cheaper than toEqual in a loop, and a failure still shows both sides.
      expect(JSON.stringify(plain(mergeTopK(lists, k)))).toBe(JSON.stringify(reference(lists, k)));
    }
  });

  it('breaks ties by id even when the k-th place is contested inside one shard list', () => {
    // Shard 0 lists 'b' before 'a' at the same distance (label order); only one fits.
    const lists = [[{ id: 'z', distance: 0 }, { id: 'b', distance: 1 }, { id: 'a', distance: 1 }], [{ id: 'c', distance: 2 }]];
    expect(mergeTopK(lists, 2).map((h) => h.id)).toEqual(['z', 'a']);
  });

  it('keeps the best hit of a duplicated id and counts it once', () => {
    const lists = [
      [{ id: 'x', distance: 3 }, { id: 'y', distance: 4 }],
      [{ id: 'x', distance: 1 }, { id: 'w', distance: 5 }],
    ];
    expect(mergeTopK(lists, 3)).toEqual([
      { id: 'x', distance: 1 },
      { id: 'y', distance: 4 },
      { id: 'w', distance: 5 },
    ]);
  });

  it('returns the input objects with their extra fields', () => {
    const a = { id: 'a', distance: -0.9, metadata: { color: 'red' } };
    const b = { id: 'b', distance: -0.5, metadata: { color: 'blue' } };
    const merged = mergeTopK([[b], [a]], 5);
    expect(merged).toEqual([a, b]);
    expect(merged[0]).toBe(a);
    expect(merged[1].metadata.color).toBe('blue');
  });

  it('handles k = 0, empty lists, no lists and infinite distances', () => {
    expect(mergeTopK([[{ id: 'a', distance: 1 }]], 0)).toEqual([]);
    expect(mergeTopK([[], []], 3)).toEqual([]);
    expect(mergeTopK([], 3)).toEqual([]);
    const far = [[{ id: 'q', distance: Infinity }, { id: 'p', distance: Infinity }], [{ id: 'r', distance: -Infinity }]];
    expect(mergeTopK(far, 2).map((h) => h.id)).toEqual(['r', 'p']);
  });

  it('reads only what it needs: O(k) pops however long the lists are', () => {
    const long = Array.from({ length: 32 }, (_, s) =>
      Array.from({ length: 5_000 }, (_, i) => ({ id: `s${s}-${i}`, distance: i + s / 100 })),
    );
    const start = performance.now();
    for (let i = 0; i < 1000; i++) mergeTopK(long, 10);
    expect(mergeTopK(long, 3).map((h) => h.id)).toEqual(['s0-0', 's1-0', 's2-0']);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('rejects bad k, NaN distances and unsorted lists', () => {
    expect(errorCodeOf(() => mergeTopK([], -1))).toBe(ClusterErrorCode.InvalidArgument);
    expect(errorCodeOf(() => mergeTopK([], 1.5))).toBe(ClusterErrorCode.InvalidArgument);
    expect(errorCodeOf(() => mergeTopK([[{ id: 'a', distance: NaN }]], 1))).toBe(ClusterErrorCode.InvalidArgument);
    const unsorted = [[{ id: 'a', distance: 2 }, { id: 'b', distance: 1 }]];
    expect(errorCodeOf(() => mergeTopK(unsorted, 2))).toBe(ClusterErrorCode.InvalidArgument);
  });
});

describe('mergeBatches', () => {
  it('merges each query across shards independently', () => {
    const rng = seededRng(12);
    const shards = 4;
    const queries = 25;
    const perShard = Array.from({ length: shards }, () =>
      Array.from({ length: queries }, () => randomList(rng, rng.int(15), 40, true)),
    );
    const merged = mergeBatches(perShard, 10);
    expect(merged).toHaveLength(queries);
    merged.forEach((hits, q) => expect(plain(hits)).toEqual(reference(perShard.map((s) => s[q]), 10)));
  });

  it('returns no queries for no shards and rejects shards answering different query counts', () => {
    expect(mergeBatches([], 10)).toEqual([]);
    const ragged = [[[{ id: 'a', distance: 1 }]], [[], []]];
    expect(errorCodeOf(() => mergeBatches(ragged, 1))).toBe(ClusterErrorCode.InvalidArgument);
  });
});
