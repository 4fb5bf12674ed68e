import { startRedisServer, type RunningRedisServer } from '@shoal/testing';
import { ClusterStateErrorCode } from './cluster-state.error';
import { ClusterStateRepository } from './cluster-state.repository';
import { manifestOf, uniquePrefix } from './testing/cluster-state.fixture';

let redis: RunningRedisServer;
let repo: ClusterStateRepository;
let prefix: string;
const opened: ClusterStateRepository[] = [];

async function open(keyPrefix = uniquePrefix()): Promise<ClusterStateRepository> {
  const repository = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix: keyPrefix });
  opened.push(repository);
  return repository;
}

beforeAll(async () => {
  redis = await startRedisServer();
});
beforeEach(async () => {
  prefix = uniquePrefix();
  repo = await open(prefix);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((repository) => repository.close()));
});
afterAll(() => redis.stop());

describe('ClusterStateRepository collections', () => {
  it('creates a collection once: a second create of the name is refused and changes nothing', async () => {
    await repo.ping();
    expect(await repo.createCollection(manifestOf('docs'))).toBe(true);
    expect(await repo.createCollection(manifestOf('docs', { dimension: 99 }))).toBe(false);
    expect(await repo.getCollection('docs')).toEqual(manifestOf('docs'));
    expect(await repo.getCollection('missing')).toBeNull();
  });

  it('lists collections sorted by name', async () => {
    for (const name of ['zeta', 'alpha', 'mid']) await repo.createCollection(manifestOf(name));
    expect((await repo.listCollections()).map((m) => m.name)).toEqual(['alpha', 'mid', 'zeta']);
  });

  it('updates with version + 1, keeping the name, and NOT_FOUND for a missing collection', async () => {
    await repo.createCollection(manifestOf('docs'));
    const updated = await repo.updateCollection('docs', (m) => ({ ...m, name: 'renamed', version: 42, state: 'training' }));
    expect(updated).toEqual({ ...manifestOf('docs'), state: 'training', version: 2 });
    expect(await repo.getCollection('docs')).toEqual(updated);
    await expect(repo.updateCollection('missing', (m) => m)).rejects.toMatchObject({ code: ClusterStateErrorCode.NotFound });
  });

  it('loses no update when 20 callers on separate connections update at once', async () => {
    await repo.createCollection(manifestOf('docs', { placement: [] }));
    const callers = await Promise.all(Array.from({ length: 20 }, () => open(prefix)));
    let attempts = 0;
    await Promise.all(
      callers.map((caller, i) =>
        caller.updateCollection('docs', (m) => {
          attempts++;
          // Mutating the argument in place is allowed: each attempt gets its own copy.
          m.placement.push([`w${i}`]);
          return m;
        }),
      ),
    );
    // More attempts than callers: the callers really did collide and retried.
    expect(attempts).toBeGreaterThan(20);
    const final = await repo.getCollection('docs');
    expect(final?.version).toBe(21);
    expect(final?.placement.map(([id]) => id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `w${i}`).sort());
  });

  it('deletes a collection with its sequence counters, once', async () => {
    await repo.createCollection(manifestOf('docs', { shards: 2 }));
    await repo.nextSeq('docs', 0);
    await repo.nextSeq('docs', 1);
    expect(await repo.deleteCollection('docs')).toBe(true);
    expect(await repo.deleteCollection('docs')).toBe(false);
    expect(await repo.getCollection('docs')).toBeNull();
    expect(await repo.currentSeq('docs', 0)).toBe(0);
    expect(await repo.currentSeq('docs', 1)).toBe(0);
    expect(await repo.nextSeq('docs', 1)).toBe(1);
  });

  it('keeps clusters with different prefixes apart on one Redis', async () => {
    const other = await open();
    await repo.createCollection(manifestOf('docs'));
    await repo.nextSeq('docs', 0);
    expect(await other.getCollection('docs')).toBeNull();
    expect(await other.listCollections()).toEqual([]);
    expect(await other.currentSeq('docs', 0)).toBe(0);
    expect(await other.createCollection(manifestOf('docs', { dimension: 8 }))).toBe(true);
    expect((await repo.getCollection('docs'))?.dimension).toBe(4);
  });
});

describe('ClusterStateRepository sequence numbers', () => {
  it('allocates 1, 2, 3… per shard and reports 0 before the first', async () => {
    expect(await repo.currentSeq('docs', 0)).toBe(0);
    expect([await repo.nextSeq('docs', 0), await repo.nextSeq('docs', 0), await repo.nextSeq('docs', 1)]).toEqual([1, 2, 1]);
    expect(await repo.currentSeq('docs', 0)).toBe(2);
  });

  it('hands out every number exactly once under concurrency from several connections', async () => {
    const callers = await Promise.all(Array.from({ length: 4 }, () => open(prefix)));
    const seqs = await Promise.all(Array.from({ length: 200 }, (_, i) => callers[i % callers.length].nextSeq('docs', 3)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await repo.currentSeq('docs', 3)).toBe(200);
  });

  it('rejects a shard that is not a non-negative integer', async () => {
    await expect(repo.nextSeq('docs', -1)).rejects.toThrow(RangeError);
    await expect(repo.currentSeq('docs', 1.5)).rejects.toThrow(RangeError);
  });
});
