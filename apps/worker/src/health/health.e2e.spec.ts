import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startRedisServer, tempDir, type RunningRedisServer } from '@shoal/testing';
import { rm } from 'node:fs/promises';
import pino from 'pino';
import { parseWorkerConfig } from '../config/worker.config';
import { startWorkerApp } from '../worker.app';

interface HealthBody {
  status: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

describe('worker health (real Redis, filesystem store, in-process app)', () => {
  let redis: RunningRedisServer;
  let dataRoot: string;
  let app: NestFastifyApplication;
  let url: string;

  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`);
    return { status: response.status, body: (await response.json()) as HealthBody };
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    dataRoot = await tempDir('shoal-worker-health-');
    const config = parseWorkerConfig({
      SHOAL_WORKER_ID: 'worker-health-e2e',
      REDIS_URL: redis.url,
      SHOAL_REDIS_PREFIX: 'worker-health-e2e:',
      SHOAL_STORAGE: 'fs',
      SHOAL_DATA_DIR: dataRoot,
      SHOAL_BACKEND: 'mock',
    });
    ({ app, url } = await startWorkerApp(config, pino({ level: 'silent' })));
    url = url.replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('is live, and ready with redis, objectStore and queues up', async () => {
    expect(await get('/health/live')).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
    expect(await get('/health/ready')).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', info: { redis: { status: 'up' }, objectStore: { status: 'up' }, queues: { status: 'up' } } }),
    });
  });
});
