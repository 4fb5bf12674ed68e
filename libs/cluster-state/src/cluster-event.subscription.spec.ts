import { startRedisServer, waitFor, type RunningRedisServer } from '@shoal/testing';
import { Redis } from 'ioredis';
import type { ClusterEvent } from './cluster-event';
import { ClusterStateRepository } from './cluster-state.repository';
import { manifestOf, uniquePrefix } from './testing/cluster-state.fixture';

let redis: RunningRedisServer;
let repo: ClusterStateRepository;
let prefix: string;

beforeAll(async () => {
  redis = await startRedisServer();
});
beforeEach(async () => {
  prefix = uniquePrefix();
  repo = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix });
});
afterEach(() => repo.close());
afterAll(() => redis.stop());

async function collect(repository: ClusterStateRepository, onError?: (error: unknown) => void) {
  const events: ClusterEvent[] = [];
  const unsubscribe = await repository.subscribe((event) => events.push(event), onError);
  return { events, unsubscribe };
}

describe('ClusterStateRepository events', () => {
  it('publishes every collection change and explicit events, in order', async () => {
    const { events } = await collect(repo);
    await repo.createCollection(manifestOf('docs'));
    await repo.createCollection(manifestOf('docs'));
    await repo.updateCollection('docs', (m) => m);
    await repo.publish({ type: 'segment-written', collection: 'docs', shard: 1, seq: 7 });
    await repo.deleteCollection('docs');
    await waitFor(() => events.length === 4, { timeoutMs: 2000 });
    expect(events).toEqual([
      { type: 'collection-changed', name: 'docs', version: 1 },
      { type: 'collection-changed', name: 'docs', version: 2 },
      { type: 'segment-written', collection: 'docs', shard: 1, seq: 7 },
      { type: 'collection-deleted', name: 'docs' },
    ]);
  });

  it('delivers nothing across prefixes, nor after unsubscribing', async () => {
    const other = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix: uniquePrefix() });
    const foreign = await collect(other);
    const mine = await collect(repo);
    await repo.publish({ type: 'collection-deleted', name: 'a' });
    await waitFor(() => mine.events.length === 1);
    await mine.unsubscribe();
    await repo.publish({ type: 'collection-deleted', name: 'b' });
    await other.publish({ type: 'collection-deleted', name: 'c' });
    await waitFor(() => foreign.events.length === 1);
    expect(mine.events).toEqual([{ type: 'collection-deleted', name: 'a' }]);
    expect(foreign.events).toEqual([{ type: 'collection-deleted', name: 'c' }]);
    await other.close();
  });

  it('reports malformed messages and handler exceptions to onError and keeps delivering', async () => {
    const errors: string[] = [];
    let delivered = 0;
    await repo.subscribe(
      () => {
        delivered++;
        if (delivered === 1) throw new Error('handler bug');
      },
      (error) => errors.push((error as Error).message),
    );
    const raw = new Redis(redis.url);
    await raw.publish(`${prefix}events`, '{"type":"collection-changed","name":"x"}');
    raw.disconnect();
    await repo.publish({ type: 'collection-deleted', name: 'a' });
    await repo.publish({ type: 'collection-deleted', name: 'b' });
    await waitFor(() => delivered === 2);
    expect(errors).toEqual([expect.stringMatching(/malformed cluster event/), 'handler bug']);
  });
});
