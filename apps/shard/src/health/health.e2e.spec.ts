import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { manifestOf } from '@shoal/cluster-state/testing';
import { freePort, startRedisServer, tempDir, waitFor, type RunningRedisServer } from '@shoal/testing';
import { rm } from 'node:fs/promises';
import pino from 'pino';
import { parseShardConfig } from '../config/shard.config';
import { startShardApp } from '../shard.app';

const WORKER = 'shard-health-e2e';
const PREFIX = 'shard-health-e2e:';

const manifest = (name: string) => manifestOf(name, { dimension: 2, shards: 1, createdAt: new Date().toISOString(), placement: [[WORKER]] });

interface HealthBody {
  status: string;
  error?: Record<string, { status: string; [key: string]: unknown }>;
}

describe('shard health (real Redis, filesystem store, in-process app)', () => {
  let redis: RunningRedisServer;
  let dataRoot: string;
  let app: NestFastifyApplication;
  let url: string;
  let repo: ClusterStateRepository;

  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: (await response.json()) as HealthBody };
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    dataRoot = await tempDir('shoal-shard-health-');
    const port = await freePort();
    const config = parseShardConfig({
      SHOAL_WORKER_ID: WORKER,
      SHOAL_SHARD_PORT: String(port),
      REDIS_URL: redis.url,
      SHOAL_REDIS_PREFIX: PREFIX,
      SHOAL_STORAGE: 'fs',
      SHOAL_DATA_DIR: dataRoot,
      SHOAL_CLUSTER_TOKEN: 'e2e-cluster-token-0123456789',
      SHOAL_BACKEND: 'mock',
      SHOAL_HEARTBEAT_MS: '100',
    });
    repo = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix: PREFIX });
    await repo.createCollection(manifest('docs'));
    app = await startShardApp(config, pino({ level: 'silent' }));
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.close();
    await repo?.close();
    await redis?.stop();
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('is live at once, and ready once its placed partition is active', async () => {
    expect(await get('/health/live')).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
    await waitFor(async () => (await get('/health/ready')).status === 200, { timeoutMs: 10_000, description: 'ready' });
    expect((await get('/health/ready')).body).toMatchObject({ status: 'ok', info: { redis: { status: 'up' }, objectStore: { status: 'up' }, partitions: { status: 'up', placed: 1 } } });
  });

  it('is unready, naming the partition, until a newly placed partition is hosted and active', async () => {
    await repo.createCollection(manifest('late'));
    // Caught on the first answer after placement, before the watcher (1 s poll or event) opened and recovered it.
    let unready: HealthBody | undefined;
    await waitFor(
      async () => {
        const reply = await get('/health/ready');
        if (reply.status === 503) unready ??= reply.body;
        return unready !== undefined;
      },
      { timeoutMs: 10_000, intervalMs: 1, description: 'unready' },
    );
    expect(unready?.status).toBe('error');
    expect(unready?.error?.partitions).toMatchObject({ status: 'down', notReady: [{ partition: 'late/0', reason: expect.stringMatching(/^(not hosted|recovering)$/) }] });
    await waitFor(async () => (await get('/health/ready')).status === 200, { timeoutMs: 10_000, description: 'ready again' });
  });

  it('is unready, naming redis, when Redis is down; still live', async () => {
    await redis.stop();
    const { status, body } = await get('/health/ready');
    expect(status).toBe(503);
    expect(body.error?.redis).toMatchObject({ status: 'down', message: expect.any(String) });
    expect((await get('/health/live')).status).toBe(200);
  });
});
