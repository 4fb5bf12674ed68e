import { ApiErrorCode } from '@shoal/contracts';
import { CoordinatorHarness } from '../testing/coordinator.harness';

describe('manifests reused by searches (real Redis, fs store; refresh interval 50 ms)', () => {
  let h: CoordinatorHarness;

  beforeAll(async () => {
    h = await CoordinatorHarness.start();
  });
  afterAll(() => h?.stop());

  async function searchable(name: string): Promise<void> {
    expect((await h.create(name)).status).toBe(201);
    await h.hostAsPlaced(name);
    await h.untilSearchable(name);
  }

  it('forgets a collection dropped through this coordinator at once', async () => {
    await searchable('dropped-here');
    expect((await h.call('DELETE', '/v1/collections/dropped-here')).status).toBe(204);
    const reply = await h.call('POST', '/v1/collections/dropped-here/search', { queries: [[0, 0]], k: 1 });
    expect([reply.status, reply.body.error.code]).toEqual([404, ApiErrorCode.NotFound]);
  });

  it('sees a collection dropped elsewhere (straight in Redis) within one refresh interval', async () => {
    await searchable('dropped-elsewhere');
    expect(await h.repo.deleteCollection('dropped-elsewhere')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const reply = await h.call('POST', '/v1/collections/dropped-elsewhere/search', { queries: [[0, 0]], k: 1 });
    expect([reply.status, reply.body.error.code]).toEqual([404, ApiErrorCode.NotFound]);
  });

  it("reads a recreated collection's new dimension after the interval", async () => {
    await searchable('reshaped');
    expect((await h.call('DELETE', '/v1/collections/reshaped')).status).toBe(204);
    // The purge of the old objects runs in the background; the name frees once it is done.
    let created = 0;
    for (let i = 0; i < 50 && created !== 201; i++) {
      created = (await h.create('reshaped', { dimension: 3 })).status;
      if (created !== 201) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(created).toBe(201);
    await h.hostAsPlaced('reshaped');
    const reply = await h.call('POST', '/v1/collections/reshaped/search', { queries: [[0, 0]], k: 1 });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/queries\[0\].*3/);
  });
});
