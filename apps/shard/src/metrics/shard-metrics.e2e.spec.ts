import { rm } from 'node:fs/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { manifestOf } from '@shoal/cluster-state/testing';
import type { ShardStatus } from '@shoal/contracts';
import { parsePrometheusText, type PrometheusSample } from '@shoal/metrics';
import { ShardLogWriter } from '@shoal/shard-log';
import { createObjectStore } from '@shoal/storage';
import { freePort, startRedisServer, tempDir, waitFor, type RunningRedisServer } from '@shoal/testing';
import pino from 'pino';
import { parseShardConfig, type ShardConfig } from '../config/shard.config';
import { startShardApp } from '../shard.app';
import { InternalApiClient } from '../testing/internal-api.client';

const TOKEN = 'metrics-cluster-token-0123456789';
const WORKER = 'shard-metrics';

describe('shard GET /metrics (real Redis, filesystem store, mock backend)', () => {
  let redis: RunningRedisServer;
  let dataRoot: string;
  let config: ShardConfig;
  let app: NestFastifyApplication;
  let repo: ClusterStateRepository;
  let api: InternalApiClient;

  const scrape = async (): Promise<{ contentType: string | null; samples: PrometheusSample[] }> => {
    const response = await fetch(`${config.advertiseUrl}/metrics`);
    expect(response.status).toBe(200);
    return { contentType: response.headers.get('content-type'), samples: parsePrometheusText(await response.text()) };
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    dataRoot = await tempDir('shoal-shard-metrics-');
    config = parseShardConfig({
      SHOAL_WORKER_ID: WORKER,
      SHOAL_SHARD_PORT: String(await freePort()),
      REDIS_URL: redis.url,
      SHOAL_REDIS_PREFIX: 'metrics:',
      SHOAL_STORAGE: 'fs',
      SHOAL_DATA_DIR: dataRoot,
      SHOAL_CLUSTER_TOKEN: TOKEN,
      SHOAL_BACKEND: 'mock',
      SHOAL_HEARTBEAT_MS: '100',
    });
    repo = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix: 'metrics:' });
    const writer = new ShardLogWriter(await createObjectStore(config.storage), (c, s) => repo.nextSeq(c, s));
    await writer.append({ collection: 'docs', shard: 0, dimension: 2, ops: [{ op: 'upsert', id: 'a' }, { op: 'upsert', id: 'b' }], values: Float32Array.from([0, 1, 2, 3]) });
    await repo.createCollection(manifestOf('docs', { dimension: 2, shards: 1, createdAt: new Date().toISOString(), placement: [[WORKER]] }));
    app = await startShardApp(config, pino({ level: 'silent' }));
    api = new InternalApiClient(config.advertiseUrl, TOKEN);
    await waitFor(async () => (await api.status<ShardStatus>()).body.partitions.some((p) => p.state === 'active' && p.appliedSeq === 1), {
      timeoutMs: 10_000,
      description: 'docs/0 active',
    });
  });

  afterAll(async () => {
    await app?.close();
    await repo?.close();
    await redis?.stop();
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('exports the hosted partition, its real backend (exact_mock) and the process identity', async () => {
    const { contentType, samples } = await scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const identity = { app: 'shard', instance: WORKER };
    expect(samples).toEqual(
      expect.arrayContaining([
        { name: 'shoal_index_backend', labels: { ...identity, backend: 'exact_mock', collection: 'docs', shard: '0' }, value: 1 },
        { name: 'shoal_partition_vectors', labels: { ...identity, collection: 'docs', shard: '0' }, value: 2 },
        { name: 'shoal_partition_applied_seq', labels: { ...identity, collection: 'docs', shard: '0' }, value: 1 },
        { name: 'shoal_partition_generation', labels: { ...identity, collection: 'docs', shard: '0' }, value: 0 },
      ]),
    );
    const bytesPerVector = samples.find((s) => s.name === 'shoal_partition_index_bytes_per_vector');
    expect(bytesPerVector?.value).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('counts internal API requests by route template', async () => {
    await api.vector('docs', 0, 'a');
    await api.vector('docs', 0, 'b');
    const { samples } = await scrape();
    const reads = samples.filter((s) => s.name === 'shoal_http_requests_total' && s.labels.route === '/internal/v1/collections/:collection/shards/:shard/vectors/:id');
    expect(reads).toEqual([expect.objectContaining({ labels: expect.objectContaining({ method: 'GET', status: '200' }), value: 2 })]);
  });

  it('announces the backend and bytes per vector in its heartbeat', async () => {
    await waitFor(async () => (await repo.liveMembers('shard'))[0]?.partitions['docs/0']?.backend === 'exact_mock', { description: 'heartbeat with backend' });
    const [member] = await repo.liveMembers('shard');
    expect(member.partitions['docs/0']).toMatchObject({ backend: 'exact_mock', indexBytesPerVector: expect.any(Number) });
  });
});
