import type { ClusterInfo } from '@shoal/contracts';
import { waitFor } from '@shoal/testing';
import { CoordinatorHarness } from '../testing/coordinator.harness';

describe('coordinator GET /v1/info (real Redis, filesystem store, fake shard workers)', () => {
  let h: CoordinatorHarness;

  beforeAll(async () => {
    h = await CoordinatorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('reports version, uptime, the backends that really serve and each collection', async () => {
    expect((await h.create('docs', { index: { type: 'ivf_pq', nlist: 4, m: 1 } })).status).toBe(201);
    const placement = (await h.repo.getCollection('docs'))?.placement ?? [];
    for (const fake of [h.shardA, h.shardB]) fake.host('docs', placement.flatMap((workers, s) => (workers.includes(fake.id) ? [s] : [])));
    expect((await h.call('PUT', '/v1/collections/docs/vectors', { vectors: [{ id: 'a', values: [1, 1] }, { id: 'b', values: [2, 2] }, { id: 'c', values: [3, 3] }] })).status).toBe(200);
    await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
    await h.untilSearchable('docs');

    let info: ClusterInfo | undefined;
    await waitFor(
      async () => {
        await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
        info = (await h.call<ClusterInfo>('GET', '/v1/info')).body;
        return info.collections[0]?.vectors === 3;
      },
      { description: 'every vector reported' },
    );
    expect(info).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeSeconds: expect.any(Number),
      // The fakes search by brute force and say so, like the mock: never a Faiss label.
      backends: { exact_mock: 2 },
      collections: [
        {
          name: 'docs',
          index: { type: 'ivf_pq', nlist: 4, m: 1 },
          state: 'exact',
          generation: 0,
          servingGeneration: 0,
          vectors: 3,
          bytesPerVector: 16,
          backends: ['exact_mock'],
        },
      ],
    });
    expect(info?.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});
