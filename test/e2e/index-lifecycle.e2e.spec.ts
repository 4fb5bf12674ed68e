/**
 * Issue 4 end to end: training jobs, shard builds, the generation swap under load, and bulk imports
 * with resume, on real processes (coordinator, 3 shard workers, an index worker on Faiss), a
 * private redis-server and s3rver as S3. Nothing mocked.
 */
import type { ClusterStateRepository } from '@shoal/cluster-state';
import { encodeFvecs, encodeJsonl, gaussianMixture } from '@shoal/datasets';
import { Partition } from '@shoal/engine';
import type { LocalCluster } from '@shoal/local-cluster';
import { GenerationStore } from '@shoal/shard-log';
import type { ObjectStore } from '@shoal/storage';
import { waitFor } from '@shoal/testing';
import type { ClusterClient } from './cluster-client';
import { startE2eCluster, type E2eCluster } from './e2e-cluster';

jest.setTimeout(240_000);

const d = 32;
const ivf = { type: 'ivf_pq' as const, nlist: 8, m: 8, nbits: 8 };
const data = gaussianMixture({ n: 3000, d, clusters: 12, seed: 21 });
const queries = gaussianMixture({ n: 25, d, clusters: 12, seed: 22 });
const row = (i: number) => Array.from(data.data.subarray(i * d, (i + 1) * d));
const records = (from: number, to: number) => Array.from({ length: to - from }, (_, j) => ({ id: `v${from + j}`, values: row(from + j) }));
const queryRows = Array.from({ length: queries.n }, (_, q) => Array.from(queries.data.subarray(q * d, (q + 1) * d)));

let e2e: E2eCluster;
let cluster: LocalCluster;
let api: ClusterClient;
let state: ClusterStateRepository;
let store: ObjectStore;

/** Every replica of the collection reports serving `generation` in its heartbeat. */
async function replicasServe(collection: string, generation: number): Promise<boolean> {
  const members = await state.liveMembers('shard');
  const partitions = members.flatMap((m) => Object.entries(m.partitions).filter(([key]) => key.startsWith(`${collection}/`)).map(([, p]) => p));
  return partitions.length > 0 && partitions.every((p) => p.generation === generation && p.state === 'active');
}

async function vectorCount(collection: string, expected: number): Promise<void> {
  await waitFor(async () => (await api.collection(collection)).vectors === expected, { timeoutMs: 60_000, description: `${collection} holds ${expected} vectors` });
}

beforeAll(async () => {
  e2e = await startE2eCluster({
    name: 'jobs',
    shards: 3,
    backend: 'faiss',
    env: { SHOAL_LOG_POLL_MS: '200', SHOAL_JOB_LOCK_MS: '2000', SHOAL_IMPORT_BATCH: '500', SHOAL_TRAIN_HELD_OUT: '100' },
  });
  ({ cluster, api, state, store } = e2e);
});

afterAll(() => e2e?.stop());

describe('training an IVF-PQ collection', () => {
  beforeAll(async () => {
    await api.createCollection({ name: 'ivf', dimension: d, metric: 'l2', shards: 3, replicas: 1, index: ivf });
    for (let from = 0; from < data.n; from += 500) await api.upsert('ivf', records(from, from + 500));
    await vectorCount('ivf', data.n);
  });

  it('answers exactly before training, then trains, builds every shard and flips to generation 1', async () => {
    expect(await api.collection('ivf')).toMatchObject({ state: 'exact', generation: 0 });
    const jobId = await api.train('ivf');
    expect(await api.train('ivf')).toBe(jobId);
    const job = await api.settle(jobId);
    expect(job).toMatchObject({ id: jobId, type: 'train', state: 'completed', progress: 1 });
    const result = job.result as { generation: number; sampleSize: number; trainSeconds: number; recallEstimate: { recall: number; k: number }; shards: { shard: number; vectors: number; watermark: number }[] };
    expect(result.generation).toBe(1);
    expect(result.sampleSize).toBeGreaterThanOrEqual(39 * ivf.nlist);
    expect(result.trainSeconds).toBeGreaterThan(0);
    expect(result.recallEstimate.k).toBe(10);
    expect(result.recallEstimate.recall).toBeGreaterThan(0);
    expect(result.shards.map((s) => s.shard)).toEqual([0, 1, 2]);
    expect(result.shards.reduce((n, s) => n + s.vectors, 0)).toBe(data.n);
    expect(await api.collection('ivf')).toMatchObject({ state: 'ready', generation: 1 });
    await waitFor(() => replicasServe('ivf', 1), { timeoutMs: 60_000, description: 'every replica serves generation 1' });
    expect((await api.collection('ivf')).servingGeneration).toBe(1);
  });

  it('gives the same top-k as one Faiss index built from the same template (the shared codebook)', async () => {
    const { bytes } = await new GenerationStore(store).getTemplate('ivf', 1);
    const reference = Partition.create({ dimension: d, metric: 'l2', backend: 'faiss', index: ivf });
    try {
      await reference.upsert(records(0, data.n).map((r) => ({ id: r.id, values: Float32Array.from(r.values) })));
      await reference.adoptTemplate(bytes);
      const expected = await reference.search(queries.data, { k: 10, nprobe: 3 });
      const response = await api.search('ivf', { queries: queryRows, k: 10, nprobe: 3 });
      response.results.forEach((hits, q) => {
        expect(hits.map((h) => h.distance)).toEqual(expected[q].map((h) => expect.closeTo(h.distance, 3)));
        // Ids may differ only between hits at exactly the same PQ distance.
        hits.forEach((hit, i) => {
          if (hit.id !== expected[q][i].id) expect(hit.distance).toBeCloseTo(expected[q][i].distance, 4);
        });
      });
    } finally {
      reference.dispose();
    }
  });

  it('retrains to generation 2 under a steady search and write load with zero failed searches', async () => {
    let failures = 0;
    let searches = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        const reply = await api.searchRaw('ivf', { queries: queryRows.slice(0, 2), k: 10 });
        searches++;
        if (reply.status !== 200) failures++;
      }
    })();
    const jobId = await api.train('ivf');
    // Writes while the generation is made: replicas replay them after the build's watermark.
    const late = records(0, 50).map((r) => ({ id: `late-${r.id}`, values: r.values }));
    const { token } = await api.upsert('ivf', late);
    const job = await api.settle(jobId);
    expect(job.state).toBe('completed');
    await waitFor(() => replicasServe('ivf', 2), { timeoutMs: 60_000, description: 'every replica serves generation 2' });
    running = false;
    await load;
    expect(searches).toBeGreaterThan(10);
    expect(failures).toBe(0);
    expect(await api.collection('ivf')).toMatchObject({ state: 'ready', generation: 2 });
    const found = await api.search('ivf', { queries: [late[7].values], k: 1, token, nprobe: ivf.nlist });
    expect(found.results[0][0].id).toBe('late-v7');
  });
});

describe('bulk import', () => {
  const n = 60_000;
  const big = gaussianMixture({ n, d, clusters: 8, seed: 31 });

  beforeAll(async () => {
    await api.createCollection({ name: 'imported', dimension: d, metric: 'l2', shards: 3, replicas: 1, index: { type: 'flat' } });
    await store.put('uploads/big.fvecs', encodeFvecs(big.data, d));
  });

  it('resumes after the worker is killed mid-way: every vector lands exactly once', async () => {
    const jobId = await api.import('imported', { source: { key: 'uploads/big.fvecs', format: 'fvecs' }, idPrefix: 'b' });
    await waitFor(async () => (await api.job(jobId)).progress >= 0.3, { timeoutMs: 60_000, intervalMs: 20, description: 'import 30% done' });
    const before = await api.job(jobId);
    await cluster.stopWorker(0, 'SIGKILL');
    expect(before.state).toBe('active');
    await cluster.startWorker(0);
    const job = await api.settle(jobId);
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({ records: n, resumed: true });
    await vectorCount('imported', n);
    const probe = await api.search('imported', { queries: [Array.from(big.data.subarray(1234 * d, 1235 * d))], k: 2 });
    expect(probe.results[0][0]).toMatchObject({ id: 'b1234', distance: 0 });
    expect(probe.results[0][1].id).not.toBe('b1234');
  });

  it('fails a malformed file with the offset and the reason; batches before it stay applied, none after', async () => {
    await api.createCollection({ name: 'jsonl', dimension: d, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' } });
    const lines = records(0, 1200).map((r) => ({ id: r.id, values: r.values }));
    const text = encodeJsonl(lines).toString('utf8').split('\n');
    text[1100] = '{"id": "broken", "values": [1, 2]}';
    await store.put('uploads/bad.jsonl', Buffer.from(text.join('\n')));
    const job = await api.settle(await api.import('jsonl', { source: { key: 'uploads/bad.jsonl', format: 'jsonl' } }));
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/byte \d+.*record 1100/);
    expect(job.attempts).toBe(1);
    await vectorCount('jsonl', 1000);
  });

  it('refuses a missing object before queueing anything', async () => {
    const reply = await api.raw('POST', '/v1/collections/imported/imports', { source: { key: 'uploads/nope.fvecs', format: 'fvecs' } });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('source.key');
  });
});
