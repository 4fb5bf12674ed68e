import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Readiness } from './readiness';

/** A Nest context with terminus's real services, so Readiness runs the checks as the apps do. */
@Module({ imports: [TerminusModule] })
class TerminusHost {}

describe('Readiness', () => {
  let health: HealthCheckService;
  let indicators: HealthIndicatorService;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = await NestFactory.createApplicationContext(TerminusHost, { logger: false });
    health = app.get(HealthCheckService);
    indicators = app.get(HealthIndicatorService);
    close = () => app.close();
  });
  afterAll(() => close());

  const up = { ping: () => Promise.resolve('PONG') };
  const down = { ping: () => Promise.reject(new Error('connection refused')) };

  it('is ready when Redis, the object store and the app checks are up', async () => {
    const readiness = new Readiness(health, indicators, { redis: up, objectStore: up }, [() => indicators.check('partitions').up({ loaded: 2 })]);
    const verdict = await readiness.ready();
    expect(verdict.ready).toBe(true);
    expect(verdict.result.status).toBe('ok');
    expect(Object.keys(verdict.result.details)).toEqual(['redis', 'objectStore', 'partitions']);
  });

  it('returns terminus\'s body, not an exception, when a dependency is down', async () => {
    const readiness = new Readiness(health, indicators, { redis: up, objectStore: down }, []);
    const verdict = await readiness.ready();
    expect(verdict.ready).toBe(false);
    expect(verdict.result.status).toBe('error');
    expect(verdict.result.error).toEqual({ objectStore: expect.objectContaining({ status: 'down', message: 'connection refused' }) });
    expect(verdict.result.info).toEqual({ redis: { status: 'up' } });
  });

  it('is not ready when an app check is down', async () => {
    const readiness = new Readiness(health, indicators, { redis: up, objectStore: up }, [() => indicators.check('shards').down({ uncovered: ['docs/1'] })]);
    expect(await readiness.ready()).toMatchObject({ ready: false, result: { error: { shards: { status: 'down', uncovered: ['docs/1'] } } } });
  });

  it('consults nothing outside the process for liveness', async () => {
    const readiness = new Readiness(health, indicators, { redis: down, objectStore: down }, [() => Promise.reject(new Error('must not run'))]);
    expect(await readiness.live()).toEqual({ ready: true, result: expect.objectContaining({ status: 'ok', details: {} }) });
  });
});
