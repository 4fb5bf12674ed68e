import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { manifestOf } from '@shoal/cluster-state/testing';
import { encodeLogSegment, type ErrorBody, type LogOp, type ShardSearchResponse, type ShardStatus } from '@shoal/contracts';
import { gaussianMixture } from '@shoal/datasets';
import { Partition } from '@shoal/engine';
import { ShardLogWriter } from '@shoal/shard-log';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { freePort, startRedisServer, tempDir, waitFor, type RunningRedisServer } from '@shoal/testing';
import pino from 'pino';
import { parseShardConfig, type ShardConfig } from './config/shard.config';
import { startShardApp } from './shard.app';
import { InternalApiClient } from './testing/internal-api.client';

const TOKEN = 'e2e-cluster-token-0123456789';
const WORKER = 'shard-e2e';
const PREFIX = 'shard-e2e:';
const d = 4;

describe('shard worker (real Redis, filesystem store, in-process Nest app)', () => {
  let redis: RunningRedisServer;
  let dataRoot: string;
  let config: ShardConfig;
  let app: NestFastifyApplication;
  let repo: ClusterStateRepository;
  let store: ObjectStore;
  let writer: ShardLogWriter;
  let api: InternalApiClient;
  /** What shard 0 should hold: id → values. */
  const expected = new Map<string, number[]>();

  const manifest = manifestOf('docs', { dimension: d, createdAt: new Date().toISOString(), placement: [[WORKER], ['another-worker']] });

  async function append(ops: LogOp[], vectors: number[][] = []): Promise<{ seq: number; bytes: Buffer }> {
    ops.forEach((op) => (op.op === 'delete' ? expected.delete(op.id) : undefined));
    ops.filter((op) => op.op === 'upsert').forEach((op, i) => expected.set(op.id, vectors[i]));
    return writer.append({ collection: 'docs', shard: 0, dimension: d, ops, values: Float32Array.from(vectors.flat()) });
  }

  const statusOf = async () => (await api.status<ShardStatus>()).body.partitions.find((p) => p.collection === 'docs' && p.shard === 0);
  const untilApplied = (seq: number) =>
    waitFor(async () => (await statusOf())?.state === 'active' && (await statusOf())?.appliedSeq === seq, { timeoutMs: 10_000, description: `seq ${seq} applied` });

  beforeAll(async () => {
    redis = await startRedisServer();
    dataRoot = await tempDir('shoal-shard-e2e-');
    config = parseShardConfig({
      SHOAL_WORKER_ID: WORKER,
      SHOAL_SHARD_PORT: String(await freePort()),
      REDIS_URL: redis.url,
      SHOAL_REDIS_PREFIX: PREFIX,
      SHOAL_STORAGE: 'fs',
      SHOAL_DATA_DIR: dataRoot,
      SHOAL_CLUSTER_TOKEN: TOKEN,
      SHOAL_BACKEND: 'mock',
      // Slow polling: segments arrive by notification or by a search's minSeq, which the tests check.
      SHOAL_LOG_POLL_MS: '60000',
      SHOAL_LOG_HOLE_MS: '300',
      SHOAL_HEARTBEAT_MS: '100',
      SHOAL_LEASE_MS: '2000',
    });
    repo = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix: PREFIX });
    store = await createObjectStore(config.storage);
    writer = new ShardLogWriter(store, (c, s) => repo.nextSeq(c, s));
    const base = gaussianMixture({ n: 40, d, clusters: 4, seed: 3 });
    await append(
      Array.from({ length: 40 }, (_, i) => ({ op: 'upsert', id: `v${i}`, metadata: { i } })),
      Array.from({ length: 40 }, (_, i) => Array.from(base.data.subarray(i * d, (i + 1) * d))),
    );
    await repo.createCollection(manifest);
    // Files of a partition that went away while the worker was down.
    await mkdir(join(config.dataDir, 'gone', '0'), { recursive: true });
    app = await startShardApp(config, pino({ level: 'silent' }));
    api = new InternalApiClient(config.advertiseUrl, TOKEN);
  });

  afterAll(async () => {
    await app?.close();
    await repo?.close();
    await redis?.stop();
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('picks up its placement and replays the log already written', async () => {
    await untilApplied(1);
    const { body } = await api.status<ShardStatus>();
    expect(body).toEqual({ workerId: WORKER, partitions: [{ collection: 'docs', shard: 0, appliedSeq: 1, vectors: 40, backend: 'exact_mock', exact: true, state: 'active', generation: 0, indexBytesPerVector: expect.any(Number) }] });
    expect(existsSync(join(config.dataDir, 'gone'))).toBe(false);
  });

  it('answers searches exactly like an in-process partition holding the same vectors', async () => {
    const notified = await append([{ op: 'upsert', id: 'v0' }, { op: 'delete', id: 'v1' }, { op: 'upsert', id: 'n1' }], [[9, 9, 9, 9], [1, 2, 3, 4]]);
    expect((await api.notifySegment<{ appliedSeq: number }>('docs', 0, notified.bytes)).body).toEqual({ appliedSeq: notified.seq });

    const reference = Partition.create({ dimension: d, metric: 'l2', index: { type: 'flat' }, backend: 'mock' });
    await reference.upsert([...expected].map(([id, values]) => ({ id, values })));
    const queries = Float32Array.from([0, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9, 8]);
    const reply = await api.search<ShardSearchResponse>({ collection: 'docs', shard: 0, k: 5, dimension: d, queries });
    expect(reply.status).toBe(200);
    expect(reply.body.appliedSeq).toBe(notified.seq);
    expect(reply.body.generation).toBe(0);
    expect(reply.body.results).toEqual(await reference.search(queries, { k: 5 }));
    reference.dispose();
  });

  it('reads its own writes with minSeq, and answers 504 when it cannot catch up in time', async () => {
    const query = Float32Array.from([-50, -50, -50, -50]);
    const written = await append([{ op: 'upsert', id: 'fresh' }], [[-50, -50, -50, -50]]);
    const stale = await api.search<ShardSearchResponse>({ collection: 'docs', shard: 0, k: 1, dimension: d, queries: query });
    expect(stale.body.results[0][0].id).not.toBe('fresh');
    const fresh = await api.search<ShardSearchResponse>({ collection: 'docs', shard: 0, k: 1, dimension: d, queries: query, minSeq: written.seq });
    expect(fresh.body).toMatchObject({ appliedSeq: written.seq, results: [[{ id: 'fresh', distance: 0 }]] });

    const late = await api.search<ErrorBody>({ collection: 'docs', shard: 0, k: 1, dimension: d, queries: query, minSeq: written.seq + 50, timeoutMs: 100 });
    expect(late.status).toBe(504);
    expect(late.body.error.code).toBe('DEADLINE_EXCEEDED');
  });

  it('returns stored vectors by id, waiting for minSeq', async () => {
    const written = await append([{ op: 'upsert', id: 'by/id', metadata: { kind: 'slash' } }], [[0.5, 1.5, 2.5, 3.5]]);
    expect((await api.vector('docs', 0, 'by/id', written.seq)).body).toEqual({ id: 'by/id', values: [0.5, 1.5, 2.5, 3.5], metadata: { kind: 'slash' } });
    const missing = await api.vector<ErrorBody>('docs', 0, 'nope');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses callers without the cluster token, but not the liveness probe', async () => {
    for (const client of [api.withToken(undefined), api.withToken('wrong-token-0123456789')]) {
      const reply = await client.status<ErrorBody>();
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('UNAUTHORIZED');
    }
    expect(await api.withToken(undefined).get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers 404 for shards it does not hold and 400 for bad frames', async () => {
    const queries = new Float32Array(d);
    for (const [collection, shard] of [['docs', 1], ['other', 0]] as const) {
      const reply = await api.search<ErrorBody>({ collection, shard, k: 1, dimension: d, queries });
      expect([reply.status, reply.body.error.code]).toEqual([404, 'NOT_FOUND']);
    }
    const garbage = await api.postSearchBytes<ErrorBody>(Buffer.from('not a frame'));
    expect([garbage.status, garbage.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const forShard0 = encodeLogSegment({ collection: 'docs', shard: 0, seq: 99, dimension: d, ops: [], values: new Float32Array(0) });
    const misaddressed = await api.notifySegment<ErrorBody>('docs', 1, forShard0);
    expect([misaddressed.status, misaddressed.body.error.message]).toEqual([400, 'segment is for docs/0, not docs/1 of the URL']);
    const wrongDimension = await api.search<ErrorBody>({ collection: 'docs', shard: 0, k: 1, dimension: 2, queries: new Float32Array(2) });
    expect([wrongDimension.status, wrongDimension.body.error.message]).toEqual([400, 'dimension must be 4 for collection "docs", got 2']);
  });

  it('announces each partition with its appliedSeq in its heartbeat', async () => {
    const seq = await repo.currentSeq('docs', 0);
    await untilApplied(seq);
    await waitFor(async () => (await repo.liveMembers('shard')).some((m) => m.partitions['docs/0']?.appliedSeq === seq), { description: 'heartbeat' });
    const [member] = await repo.liveMembers('shard');
    expect(member).toMatchObject({ id: WORKER, role: 'shard', url: config.advertiseUrl, partitions: { 'docs/0': { appliedSeq: seq, vectors: expected.size, state: 'active' } } });
  });

  it('restarts with an empty data dir and recovers every vector exactly once (snapshot + log replay)', async () => {
    const snapshot = await api.snapshot<{ seq: number }>('docs', 0);
    expect(snapshot.body.seq).toBe(await repo.currentSeq('docs', 0));
    await append([{ op: 'delete', id: 'v2' }, { op: 'upsert', id: 'after' }], [[7, 7, 7, 7]]);
    const last = (await append([{ op: 'upsert', id: 'v3' }], [[3, 3, 3, 3]])).seq;

    await app.close();
    expect(await repo.liveMembers('shard')).toEqual([]);
    await rm(join(dataRoot, 'shards'), { recursive: true, force: true });
    const lines: string[] = [];
    app = await startShardApp(config, pino({ level: 'info' }, { write: (line: string) => lines.push(line) }));
    await untilApplied(last);
    const recovered = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'partition recovered and active');
    expect(recovered).toMatchObject({ collection: 'docs', shard: 0, source: 'store', fromSeq: snapshot.body.seq, appliedSeq: last });

    const all = await api.search<ShardSearchResponse>({ collection: 'docs', shard: 0, k: 1000, dimension: d, queries: new Float32Array(d) });
    const ids = all.body.results[0].map((hit) => hit.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(expected.keys()));
    expect((await api.vector<{ values: number[] }>('docs', 0, 'v3')).body.values).toEqual([3, 3, 3, 3]);
  });

  it('closes the partition and deletes its local files when the collection is deleted', async () => {
    const dir = join(config.dataDir, 'docs', '0');
    expect(existsSync(dir)).toBe(true);
    await repo.deleteCollection('docs');
    await waitFor(async () => (await api.status<ShardStatus>()).body.partitions.length === 0, { description: 'partition closed' });
    await waitFor(() => !existsSync(dir), { description: 'local files deleted' });
  });
});
