import { ClusterError, ClusterErrorCode } from './cluster.error';
import { diffPlacement, placeReplicas, rankWorkers } from './placement.util';
import { errorCodeOf } from './testing/error-code';
import { seededRng } from './testing/seeded-rng';

const workerIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `shard-worker-${i}`);

describe('placeReplicas', () => {
  it('gives each shard its replica count of distinct workers, identically for any worker order', () => {
    const workers = workerIds(7);
    const placement = placeReplicas({ collection: 'docs', shards: 50, replicas: 3, workers });
    expect(placement).toHaveLength(50);
    for (const holders of placement) {
      expect(holders).toHaveLength(3);
      expect(new Set(holders).size).toBe(3);
      holders.forEach((w) => expect(workers).toContain(w));
    }
    const shuffled = seededRng(5).shuffle(workers);
    expect(placeReplicas({ collection: 'docs', shards: 50, replicas: 3, workers: shuffled })).toEqual(placement);
  });

  it('deals replicas round the collection\'s rendezvous ranking of the workers', () => {
    const workers = workerIds(5);
    const ranking = rankWorkers('docs', workers);
    expect(placeReplicas({ collection: 'docs', shards: 3, replicas: 2, workers })).toEqual([
      [ranking[0], ranking[1]],
      [ranking[2], ranking[3]],
      [ranking[4], ranking[0]],
    ]);
  });

  it('balances replicas over workers', () => {
    const workers = workerIds(10);
    const counts = new Map<string, number>();
    for (const holders of placeReplicas({ collection: 'docs', shards: 1000, replicas: 3, workers })) {
      for (const w of holders) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    // 300 expected each; one standard deviation is about 15.
    for (const w of workers) expect(Math.abs((counts.get(w) ?? 0) - 300)).toBeLessThan(75);
  });

  it('spreads different collections differently over the same workers', () => {
    const workers = workerIds(8);
    const firstChoices = new Set(
      Array.from({ length: 40 }, (_, c) => placeReplicas({ collection: `c${c}`, shards: 1, replicas: 1, workers })[0][0]),
    );
    expect(firstChoices.size).toBeGreaterThanOrEqual(6);
  });

  it('holds ⌊S·R/W⌋ or ⌈S·R/W⌉ replicas of a collection on every worker, small collections included', () => {
    const cases: [number, number, number][] = [[1000, 3, 10]];
    for (let w = 1; w <= 6; w++) for (let replicas = 1; replicas <= w; replicas++) for (let shards = 1; shards <= 12; shards++) cases.push([shards, replicas, w]);
    for (const [shards, replicas, w] of cases) {
      for (let c = 0; c < 20; c++) {
        const workers = workerIds(w);
        const counts = new Map(workers.map((id) => [id, 0]));
        for (const holders of placeReplicas({ collection: `c${c}`, shards, replicas, workers })) {
          expect(new Set(holders).size).toBe(replicas);
          holders.forEach((id) => counts.set(id, (counts.get(id) ?? 0) + 1));
        }
        const loads = [...counts.values()];
        expect([shards, replicas, w, c, Math.max(...loads) - Math.min(...loads) <= 1]).toEqual([shards, replicas, w, c, true]);
      }
    }
  });

  it('never puts both shards of a 2-shard collection on one of 2 workers (plain rendezvous did, half the time)', () => {
    const workers = ['shard-0', 'shard-1'];
    for (let c = 0; c < 200; c++) {
      const [[a], [b]] = placeReplicas({ collection: `collection-${c}`, shards: 2, replicas: 1, workers });
      expect(a).not.toBe(b);
    }
  });

  it('refuses to co-locate replicas and names the numbers', () => {
    let error: unknown;
    try {
      placeReplicas({ collection: 'docs', shards: 4, replicas: 3, workers: ['a', 'b'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe(ClusterErrorCode.InsufficientWorkers);
    expect((error as ClusterError).details).toEqual({ collection: 'docs', replicas: 3, workers: 2 });
    expect((error as ClusterError).message).toMatch(/3 replicas per shard need 3 distinct workers, but only 2/);
  });

  it('rejects duplicate or empty worker ids and bad counts', () => {
    const place = (workers: string[], shards = 1, replicas = 1) => () =>
      placeReplicas({ collection: 'docs', shards, replicas, workers });
    expect(errorCodeOf(place(['a', 'a']))).toBe(ClusterErrorCode.InvalidArgument);
    expect(errorCodeOf(place(['']))).toBe(ClusterErrorCode.InvalidArgument);
    expect(errorCodeOf(place(['a'], 0))).toBe(ClusterErrorCode.InvalidArgument);
    expect(errorCodeOf(place(['a'], 1, 0))).toBe(ClusterErrorCode.InvalidArgument);
    expect(errorCodeOf(place([], 1, 1))).toBe(ClusterErrorCode.InsufficientWorkers);
  });
});

describe('diffPlacement', () => {
  it('ignores order within a shard and rejects different shard counts', () => {
    expect(diffPlacement([['a', 'b']], [['b', 'a']])).toEqual([]);
    expect(diffPlacement([['a', 'b'], ['c']], [['a', 'b'], ['d']])).toEqual([{ shard: 1, added: ['d'], removed: ['c'] }]);
    expect(errorCodeOf(() => diffPlacement([['a']], [['a'], ['b']]))).toBe(ClusterErrorCode.InvalidArgument);
  });
});
