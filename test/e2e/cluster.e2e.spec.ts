/**
 * The cluster as users run it: real coordinator and shard processes, a private redis-server and
 * s3rver as the S3 endpoint (nothing mocked). Covers issue 3's behaviours end to end.
 */
import type { ClusterStateRepository } from '@shoal/cluster-state';
import { gaussianMixture } from '@shoal/datasets';
import { Partition } from '@shoal/engine';
import type { LocalCluster } from '@shoal/local-cluster';
import { waitFor } from '@shoal/testing';
import type { ClusterClient } from './cluster-client';
import { startE2eCluster, type E2eCluster } from './e2e-cluster';

jest.setTimeout(180_000);

const d = 16;
const data = gaussianMixture({ n: 600, d, clusters: 6, seed: 5 });
const queries = gaussianMixture({ n: 20, d, clusters: 6, seed: 6 });
const row = (i: number) => Array.from(data.data.subarray(i * d, (i + 1) * d));
const records = (from: number, to: number) => Array.from({ length: to - from }, (_, j) => ({ id: `v${from + j}`, values: row(from + j), metadata: { n: from + j } }));
const queryRows = Array.from({ length: queries.n }, (_, q) => Array.from(queries.data.subarray(q * d, (q + 1) * d)));

let e2e: E2eCluster;
let cluster: LocalCluster;
let api: ClusterClient;
let state: ClusterStateRepository;

/** Index of the shard worker holding replica `r` of shard `s` of a collection. */
async function workerOf(collection: string, shard: number, replica = 0): Promise<number> {
  const manifest = await state.getCollection(collection);
  return Number(manifest?.placement[shard][replica].replace('shard-', ''));
}

beforeAll(async () => {
  e2e = await startE2eCluster({ name: 'e2e', shards: 3, backend: 'mock', env: { SHOAL_SNAPSHOT_EVERY: '3', SHOAL_LOG_POLL_MS: '200' } });
  ({ cluster, api, state } = e2e);
});

afterAll(() => e2e?.stop());

describe('a 2-shard collection', () => {
  beforeAll(async () => {
    await api.createCollection({ name: 'exact', dimension: d, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' } });
    for (let from = 0; from < data.n; from += 200) await api.upsert('exact', records(from, from + 200));
  });

  it('returns the same top-k as one in-process partition holding every vector', async () => {
    const reference = Partition.create({ dimension: d, metric: 'l2', backend: 'mock', index: { type: 'flat' } });
    await reference.upsert(records(0, data.n));
    const expected = await reference.search(queries.data, { k: 10 });
    const { token } = await api.upsert('exact', [records(0, 1)[0]]);
    const response = await api.search('exact', { queries: queryRows, k: 10, token });
    expect(response.partial).toBe(false);
    expect(response.shards).toEqual({ total: 2, answered: 2 });
    expect(response.results.map((hits) => hits.map((h) => h.id))).toEqual(expected.map((hits) => hits.map((h) => h.id)));
    // The count comes from the replicas' heartbeats: eventually consistent, within a heartbeat or two.
    await waitFor(async () => (await api.collection('exact')).vectors === data.n, { timeoutMs: 10_000, intervalMs: 200 });
  });

  it('replaces on upsert, removes on delete, fetches values and metadata, and reads its writes', async () => {
    const moved = new Array(d).fill(50);
    let { token } = await api.upsert('exact', [{ id: 'v7', values: moved, metadata: { moved: true } }]);
    let hits = (await api.search('exact', { queries: [moved], k: 1, token, includeMetadata: true })).results[0];
    expect(hits[0]).toMatchObject({ id: 'v7', distance: 0, metadata: { moved: true } });
    expect((await api.fetch('exact', 'v7')).body).toEqual({ id: 'v7', values: moved, metadata: { moved: true } });

    ({ token } = await api.delete('exact', ['v7']));
    hits = (await api.search('exact', { queries: [moved], k: 3, token })).results[0];
    expect(hits.map((h) => h.id)).not.toContain('v7');
    expect((await api.fetch('exact', 'v7')).status).toBe(404);
  });
});

describe('durability and recovery', () => {
  it('loses no acknowledged write when a shard worker is killed -9 and restarts with an empty disk', async () => {
    await api.createCollection({ name: 'durable', dimension: d, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' } });
    for (let from = 0; from < 300; from += 50) await api.upsert('durable', records(from, from + 50));
    const victim = await workerOf('durable', 0);
    await cluster.stopShard(victim, 'SIGKILL');
    await cluster.startShard(victim, { wipeLocal: true });
    await waitFor(async () => (await api.collection('durable')).vectors === 300, { timeoutMs: 30_000, intervalMs: 200 });
    const everything = await api.search('durable', { queries: [row(0)], k: 300 });
    const ids = everything.results[0].map((h) => h.id);
    expect(new Set(ids).size).toBe(300);
    expect(ids.length).toBe(300);
  });

  it('answers 503 while a shard has no live replica, or partial results when allowed', async () => {
    await api.createCollection({ name: 'single', dimension: d, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' } });
    await api.upsert('single', records(0, 100));
    const victim = await workerOf('single', 1);
    await cluster.stopShard(victim, 'SIGKILL');
    try {
      await waitFor(async () => (await api.searchRaw('single', { queries: [row(0)], k: 5 })).status === 503, { timeoutMs: 15_000, intervalMs: 200 });
      const partial = await api.search('single', { queries: [row(0)], k: 5, allowPartial: true });
      expect(partial.partial).toBe(true);
      expect(partial.shards.answered).toBeLessThan(partial.shards.total);
    } finally {
      await cluster.startShard(victim);
    }
  });

  it('keeps serving with zero failed searches when one of two replicas dies', async () => {
    await api.createCollection({ name: 'replicated', dimension: d, metric: 'l2', shards: 2, replicas: 2, index: { type: 'flat' } });
    const { token } = await api.upsert('replicated', records(0, 200));
    await api.search('replicated', { queries: [row(0)], k: 5, token });
    const victim = await workerOf('replicated', 0, 0);
    let failures = 0;
    let searches = 0;
    const stream = (async () => {
      const until = Date.now() + 4000;
      while (Date.now() < until) {
        const { status } = await api.searchRaw('replicated', { queries: [row(searches % 200)], k: 5 });
        searches++;
        if (status !== 200) failures++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await cluster.stopShard(victim, 'SIGKILL');
    await stream;
    await cluster.startShard(victim);
    expect(searches).toBeGreaterThan(20);
    expect(failures).toBe(0);
  });
});

describe('training on a cluster whose index worker runs the exact mock', () => {
  it('fails the job at once with the reason and puts the collection back to exact', async () => {
    await api.createCollection({ name: 'untrainable', dimension: d, metric: 'l2', shards: 2, replicas: 1, index: { type: 'ivf_pq', nlist: 2, m: 4 } });
    await api.upsert('untrainable', records(0, 300));
    await waitFor(async () => (await api.collection('untrainable')).vectors === 300, { timeoutMs: 30_000, description: 'heartbeats report 300 vectors' });
    const jobId = await api.train('untrainable');
    // The mock worker may fail the job before any read here, so the collection's state right now is
    // 'training' (generation 1 pending) or already back to 'exact'; the job itself names generation 1.
    expect(jobId).toMatch(/^train\.untrainable\..+\.g1$/);
    const during = await api.collection('untrainable');
    if (during.state === 'training') expect(during.pending).toEqual(expect.objectContaining({ generation: 1, jobId }));
    else expect(during).toMatchObject({ state: 'exact', generation: 0 });
    const job = await api.settle(jobId);
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(job.error).toMatch(/needs the Faiss backend.*mock/);
    const info = await api.collection('untrainable');
    expect(info).toMatchObject({ state: 'exact', generation: 0 });
    expect(info.pending).toBeUndefined();
  });
});
