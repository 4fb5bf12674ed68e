import { startRedisServer, waitFor, type RunningRedisServer } from '@shoal/testing';
import { Redis } from 'ioredis';
import { ClusterStateRepository } from './cluster-state.repository';
import { memberOf, uniquePrefix } from './testing/cluster-state.fixture';

let redis: RunningRedisServer;
let raw: Redis;
let repo: ClusterStateRepository;
let prefix: string;

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url);
});
beforeEach(async () => {
  prefix = uniquePrefix();
  repo = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix });
});
afterEach(() => repo.close());
afterAll(async () => {
  raw.disconnect();
  await redis.stop();
});

describe('ClusterStateRepository membership', () => {
  it('lists live members sorted by id, optionally by role, with what they announced', async () => {
    await repo.heartbeat(memberOf('shard-b'), 10_000);
    await repo.heartbeat(memberOf('coord-1', 'coordinator'), 10_000);
    await repo.heartbeat(memberOf('shard-a'), 10_000);
    expect((await repo.liveMembers()).map((m) => m.id)).toEqual(['coord-1', 'shard-a', 'shard-b']);
    expect(await repo.liveMembers('shard')).toEqual([memberOf('shard-a'), memberOf('shard-b')]);
    expect(await repo.liveMembers('worker')).toEqual([]);
  });

  it('drops a member whose lease expired, prunes it from the set, and keeps one that renews', async () => {
    await repo.heartbeat(memberOf('short'), 150);
    await repo.heartbeat(memberOf('renewing'), 150);
    const renew = setInterval(() => void repo.heartbeat(memberOf('renewing'), 150), 40);
    try {
      expect((await repo.liveMembers()).map((m) => m.id)).toEqual(['renewing', 'short']);
      await waitFor(async () => (await repo.liveMembers()).length === 1, { timeoutMs: 2000, description: 'the short lease to expire' });
      expect((await repo.liveMembers()).map((m) => m.id)).toEqual(['renewing']);
      expect(await raw.zrange(`${prefix}members`, 0, -1)).toEqual(['renewing']);
    } finally {
      clearInterval(renew);
    }
  });

  it('removes a member that leaves at once', async () => {
    await repo.heartbeat(memberOf('shard-a'), 10_000);
    await repo.leave('shard-a');
    expect(await repo.liveMembers()).toEqual([]);
    expect(await raw.exists(`${prefix}member:shard-a`)).toBe(0);
  });

  it('keeps members of other prefixes apart', async () => {
    const other = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix: uniquePrefix() });
    try {
      await repo.heartbeat(memberOf('shard-a'), 10_000);
      expect(await other.liveMembers()).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('rejects a lease that is not a positive integer', async () => {
    await expect(repo.heartbeat(memberOf('x'), 0)).rejects.toThrow(RangeError);
  });
});
