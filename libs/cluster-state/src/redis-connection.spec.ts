import { freePort, startRedisServer, waitFor } from '@shoal/testing';
import type { ClusterEvent } from './cluster-event';
import { ClusterStateError, ClusterStateErrorCode } from './cluster-state.error';
import { ClusterStateRepository } from './cluster-state.repository';
import { redactRedisUrl } from './redis-connection';
import { uniquePrefix } from './testing/cluster-state.fixture';

describe('connecting to Redis', () => {
  it('fails within a few seconds with UNAVAILABLE naming the URL (password hidden) when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await ClusterStateRepository.connect({ redisUrl: `redis://:s3cret@127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(error).toBeInstanceOf(ClusterStateError);
    expect(error).toMatchObject({ code: ClusterStateErrorCode.Unavailable });
    expect((error as Error).message).toMatch(new RegExp(`Cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} after 5 attempts: .*ECONNREFUSED`));
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('rejects a URL that is not redis:// or rediss://', async () => {
    await expect(ClusterStateRepository.connect({ redisUrl: 'http://127.0.0.1:6379' })).rejects.toThrow(RangeError);
    expect(redactRedisUrl('not a url')).toBe('(unparseable Redis URL)');
  });

  it('fails commands fast while Redis is down and recovers, subscription included, when it is back', async () => {
    const first = await startRedisServer();
    const repo = await ClusterStateRepository.connect({ redisUrl: first.url, prefix: uniquePrefix() });
    const events: ClusterEvent[] = [];
    await repo.subscribe((event) => events.push(event));
    await first.stop();
    const started = Date.now();
    await expect(repo.ping()).rejects.toMatchObject({ code: ClusterStateErrorCode.Unavailable });
    expect(Date.now() - started).toBeLessThan(3000);

    const second = await startRedisServer({ port: first.port });
    try {
      await waitFor(() => repo.ping().then(() => true), { timeoutMs: 5000, description: 'the repository to reconnect' });
      // The subscriber reconnects on its own schedule: publish until one event gets through.
      await waitFor(
        async () => {
          await repo.publish({ type: 'collection-deleted', name: 'after-restart' });
          return events.length > 0;
        },
        { timeoutMs: 5000, intervalMs: 100, description: 'the subscription to resume' },
      );
      expect(events[0]).toEqual({ type: 'collection-deleted', name: 'after-restart' });
    } finally {
      await repo.close();
      await second.stop();
    }
  });
});
