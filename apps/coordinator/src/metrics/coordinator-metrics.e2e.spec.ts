import { parsePrometheusText, type PrometheusSample } from '@shoal/metrics';
import { waitFor } from '@shoal/testing';
import { CoordinatorHarness } from '../testing/coordinator.harness';

const SEARCH_ROUTE = '/v1/collections/:name/search';

describe('coordinator GET /metrics (real Redis, filesystem store, fake shard workers)', () => {
  let h: CoordinatorHarness;

  const scrape = async (): Promise<PrometheusSample[]> => {
    const response = await fetch(`${h.coordinator.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };
  const value = (samples: PrometheusSample[], name: string, labels: Record<string, string>): number =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

  beforeAll(async () => {
    h = await CoordinatorHarness.start();
    expect((await h.create('points')).status).toBe(201);
    const placement = (await h.repo.getCollection('points'))?.placement ?? [];
    for (const fake of [h.shardA, h.shardB]) fake.host('points', placement.flatMap((workers, s) => (workers.includes(fake.id) ? [s] : [])));
    await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
    await h.untilSearchable('points');
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('counts a search under its route template and records the shard RPCs it made', async () => {
    const before = await scrape();
    const search = await h.call('POST', '/v1/collections/points/search', { queries: [[0, 0]], k: 1 });
    expect(search.status).toBe(200);
    const after = await scrape();
    const counted = { method: 'POST', route: SEARCH_ROUTE, status: '200' };
    expect(value(after, 'shoal_http_requests_total', counted) - value(before, 'shoal_http_requests_total', counted)).toBe(1);
    expect(after.filter((s) => s.name === 'shoal_http_requests_total' && s.labels.route?.includes('points'))).toEqual([]);
    expect(value(after, 'shoal_http_request_duration_seconds_count', { method: 'POST', route: SEARCH_ROUTE })).toBeGreaterThanOrEqual(1);
    for (const shard of [h.shardA, h.shardB]) {
      const labels = { shard_worker: shard.url, rpc: 'search', outcome: 'ok' };
      expect(value(after, 'shoal_shard_rpc_duration_seconds_count', labels) - value(before, 'shoal_shard_rpc_duration_seconds_count', labels)).toBe(1);
    }
    expect(value(after, 'shoal_search_batch_queries_count', {}) - value(before, 'shoal_search_batch_queries_count', {})).toBe(2);
    expect(after.find((s) => s.name === 'shoal_http_requests_total')?.labels).toMatchObject({ app: 'coordinator', instance: 'coordinator-e2e' });
  });

  it('counts shard RPC errors by worker and reason', async () => {
    h.shardA.mode = 'fail';
    try {
      await h.call('POST', '/v1/collections/points/search', { queries: [[0, 0]], k: 1, allowPartial: true });
    } finally {
      h.shardA.mode = 'ok';
    }
    const samples = await scrape();
    expect(value(samples, 'shoal_shard_rpc_errors_total', { shard_worker: h.shardA.url, rpc: 'search', reason: 'http_500' })).toBeGreaterThanOrEqual(1);
    expect(value(samples, 'shoal_shard_rpc_duration_seconds_count', { shard_worker: h.shardA.url, outcome: 'error' })).toBeGreaterThanOrEqual(1);
  });

  it('exports collection gauges from the heartbeats at scrape time', async () => {
    expect((await h.call('PUT', '/v1/collections/points/vectors', { vectors: [{ id: 'a', values: [1, 1] }, { id: 'b', values: [2, 2] }, { id: 'c', values: [3, 3] }] })).status).toBe(200);
    await waitFor(
      async () => {
        await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
        return value(await scrape(), 'shoal_collection_vectors', { collection: 'points' }) === 3;
      },
      { description: 'shoal_collection_vectors{collection="points"} 3' },
    );
    const samples = await scrape();
    expect(samples).toContainEqual({ name: 'shoal_collection_generation', labels: { app: 'coordinator', instance: 'coordinator-e2e', collection: 'points' }, value: 0 });
    expect(samples.some((s) => s.name === 'shoal_collection_serving_generation' && s.labels.collection === 'points')).toBe(true);
  });
});
