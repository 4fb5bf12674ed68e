import { rm } from 'node:fs/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bullPrefix, importJobId, JobName, JobQueues } from '@shoal/jobs';
import { parsePrometheusText, type PrometheusSample } from '@shoal/metrics';
import { startRedisServer, tempDir, waitFor, type RunningRedisServer } from '@shoal/testing';
import pino from 'pino';
import { parseWorkerConfig } from '../config/worker.config';
import { startWorkerApp } from '../worker.app';
import { JobRunMetrics } from './job-run.metrics';

const PREFIX = 'worker-metrics:';

describe('worker GET /metrics (real Redis, filesystem store, mock backend)', () => {
  let redis: RunningRedisServer;
  let dataDir: string;
  let app: NestFastifyApplication;
  let url: string;

  const scrape = async (): Promise<PrometheusSample[]> => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    dataDir = await tempDir('shoal-worker-metrics-');
    const config = parseWorkerConfig(
      { REDIS_URL: redis.url, SHOAL_REDIS_PREFIX: PREFIX, SHOAL_DATA_DIR: dataDir, SHOAL_BACKEND: 'mock', SHOAL_WORKER_ID: 'worker-metrics' },
      { probeFaiss: () => undefined },
    );
    ({ app, url } = await startWorkerApp(config, pino({ level: 'silent' })));
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exports job counts per queue and state, read from Redis at scrape time', async () => {
    const before = await scrape();
    for (const queue of ['shoal-index', 'shoal-import']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
        expect(before).toContainEqual({ name: 'shoal_queue_jobs', labels: { app: 'worker', instance: 'worker-metrics', queue, state }, value: 0 });
      }
    }
    const producer = await JobQueues.connect({ redisUrl: redis.url, prefix: bullPrefix(PREFIX), attempts: 1 });
    try {
      const source = { key: 'imports/missing.jsonl', format: 'jsonl' as const };
      await producer.add(JobName.Import, { collection: 'nowhere', collectionCreatedAt: new Date().toISOString(), source }, importJobId('nowhere', 'x', source));
      // The job of a collection that does not exist fails: wherever it is, the import queue counts exactly one job.
      await waitFor(
        async () => {
          const jobs = (await scrape()).filter((s) => s.name === 'shoal_queue_jobs' && s.labels.queue === 'shoal-import');
          return jobs.reduce((n, s) => n + s.value, 0) === 1 && jobs.find((s) => s.labels.state === 'failed')?.value === 1;
        },
        { timeoutMs: 10_000, description: 'the import job counted as failed' },
      );
    } finally {
      await producer.close();
    }
  });

  it('exports HTTP metrics by route template and declares the job duration histogram', async () => {
    await fetch(`${url}/health/live`);
    const samples = await scrape();
    expect(samples.find((s) => s.name === 'shoal_http_requests_total' && s.labels.route === '/health/live')).toMatchObject({
      labels: { method: 'GET', status: '200', app: 'worker' },
      value: expect.any(Number),
    });
    app.get(JobRunMetrics).record({ name: 'import', outcome: 'failed', durationMs: 1500 });
    const after = await scrape();
    expect(after).toContainEqual({ name: 'shoal_job_duration_seconds_bucket', labels: { app: 'worker', instance: 'worker-metrics', name: 'import', outcome: 'failed', le: '5' }, value: expect.any(Number) });
  });
});
