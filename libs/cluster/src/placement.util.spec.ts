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

  it('is the top of the rendezvous ranking of `${collection}/${shard}`', () => {
    const workers = workerIds(5);
    const placement = placeReplicas({ collection: 'docs', shards: 3, replicas: 2, workers });
    expect(placement[2]).toEqual(rankWorkers('docs/2', workers).slice(0, 2));
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

  it('moves about 1/(W+1) of the replicas when a worker joins, all of them onto it', () => {
    const shards = 2000;
    const replicas = 2;
    const workers = workerIds(10);
    const before = placeReplicas({ collection: 'docs', shards, replicas, workers });
    const after = placeReplicas({ collection: 'docs', shards, replicas, workers: [...workers, 'newcomer'] });
    const changes = diffPlacement(before, after);
    const moved = changes.reduce((n, c) => n + c.added.length, 0);
    for (const c of changes) {
      expect(c.added).toEqual(['newcomer']);
      expect(c.removed).toHaveLength(1);
    }
    const expected = (shards * replicas) / (workers.length + 1); // 363.6; one standard deviation is about 17
    expect(moved).toBeGreaterThan(expected * 0.85);
    expect(moved).toBeLessThan(expected * 1.15);
  });

  it("moves only the leaving worker's replicas when a worker is removed", () => {
    const workers = workerIds(9);
    const before = placeReplicas({ collection: 'docs', shards: 500, replicas: 3, workers });
    const leaving = workers[4];
    const after = placeReplicas({ collection: 'docs', shards: 500, replicas: 3, workers: workers.filter((w) => w !== leaving) });
    const changes = diffPlacement(before, after);
    expect(changes.length).toBe(before.filter((holders) => holders.includes(leaving)).length);
    for (const c of changes) {
      expect(c.removed).toEqual([leaving]);
      expect(c.added).toHaveLength(1);
    }
    before.forEach((holders, shard) => {
      if (!holders.includes(leaving)) expect(after[shard]).toEqual(holders);
    });
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
