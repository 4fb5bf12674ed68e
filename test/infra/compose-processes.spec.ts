import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ShoalClient } from '@shoal/client';
import { freePort, startRedisServer, startS3rver, tempDir, waitFor, type RunningRedisServer, type RunningS3rver } from '@shoal/testing';
import { LISTEN_VARS, appOfService, containerEnv, finalStage, loadDockerfile, type AppName } from './app-images';
import { ROOT, dependsOn, loadCompose, serviceEnv } from './compose-file';
import { execForm } from './dockerfile.parser';

/*
 * The containers' processes, without containers: each app service's environment as compose and
 * its image's ENV give it, and the image's CMD, run from the repository root. Only what a
 * container network provides is replaced: service host names and ports become 127.0.0.1 and free
 * ports (a private redis-server for `redis`, s3rver for `minio`), and /var/lib/shoal a temporary
 * directory. Through compose's own variables, as a user would: SHOAL_BACKEND=mock (the compose
 * default is faiss; the mock needs no built addon and starts faster) and s3rver's fixed credentials.
 */
const VARIABLES = { SHOAL_BACKEND: 'mock', S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER' };

interface Started {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Replaces `service:port` in URL values with the local address that stands for it. */
export function rewriteAddresses(value: string, addresses: ReadonlyMap<string, string>): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  const local = addresses.get(url.host);
  if (local === undefined) return value;
  url.host = local;
  return value.endsWith('/') ? url.toString() : url.toString().replace(/\/$/, '');
}

describe('the processes compose.yaml starts', () => {
  const compose = loadCompose(VARIABLES);
  const apps = Object.entries(compose.services).flatMap(([name, service]) => {
    const app = appOfService(service);
    return app === undefined ? [] : [{ name, app, service }];
  });
  let redis: RunningRedisServer | undefined;
  let s3: RunningS3rver | undefined;
  let dir = '';
  const running: Started[] = [];

  afterAll(async () => {
    // Reverse start order, SIGTERM as `docker compose down` sends it.
    for (const { child } of [...running].reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    await Promise.all([redis?.stop(), s3?.stop()]);
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('rewrites only the host and port of a URL that names a service', () => {
    const map = new Map([['redis:6379', '127.0.0.1:1234']]);
    expect(rewriteAddresses('redis://redis:6379', map)).toBe('redis://127.0.0.1:1234');
    expect(rewriteAddresses('redis://other:6379', map)).toBe('redis://other:6379');
    expect(rewriteAddresses('shard-0', map)).toBe('shard-0');
  });

  it('start with the images\' CMD and become ready: shards, worker, then the coordinator', async () => {
    [redis, s3] = await Promise.all([startRedisServer(), startS3rver()]);
    dir = await tempDir('shoal-infra-');
    const addresses = new Map<string, string>([
      ['redis:6379', `127.0.0.1:${redis.port}`],
      ['minio:9000', `127.0.0.1:${s3.port}`],
    ]);
    const plans = await Promise.all(
      apps.map(async ({ name, app, service }) => {
        const env = containerEnv(app, serviceEnv(service));
        const port = await freePort();
        addresses.set(`${name}:${env[LISTEN_VARS[app].port]}`, `127.0.0.1:${port}`);
        return { name, app, env, port, after: Object.keys(dependsOn(service)) };
      }),
    );

    const start = (plan: (typeof plans)[number]): Started => {
      const { host, port } = LISTEN_VARS[plan.app];
      const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
      for (const [key, value] of Object.entries(plan.env)) env[key] = rewriteAddresses(value, addresses);
      env[host] = '127.0.0.1';
      env[port] = String(plan.port);
      env['SHOAL_DATA_DIR'] = join(dir, plan.name);
      const command = execForm(finalStage(loadDockerfile(plan.app as AppName)).instructions.find(({ keyword }) => keyword === 'CMD')?.args ?? '');
      if (command === null || command[0] !== 'node') throw new Error(`${plan.app}.Dockerfile: CMD is not an exec-form node command`);
      const child = spawn(process.execPath, command.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let tail = '';
      const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const started = { name: plan.name, url: `http://127.0.0.1:${plan.port}`, child, output: () => tail };
      running.push(started);
      return started;
    };
    const ready = async (started: Started, path: string) => {
      await waitFor(
        async () => {
          if (started.child.exitCode !== null) throw new Error(`${started.name} exited with ${started.child.exitCode}: ${started.output()}`);
          return (await fetch(`${started.url}${path}`, { signal: AbortSignal.timeout(1000) })).status === 200;
        },
        { timeoutMs: 25_000, intervalMs: 100, description: `${started.name} ${path}` },
      ).catch((error: unknown) => {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${started.output()}`);
      });
    };

    // depends_on order: every app whose app dependencies are up starts next, in parallel.
    const done = new Set(['redis', 'minio']);
    const byName = new Map<string, Started>();
    while (done.size < apps.length + 2) {
      const wave = plans.filter((plan) => !done.has(plan.name) && plan.after.every((dependency) => done.has(dependency)));
      if (wave.length === 0) throw new Error('depends_on has a cycle or names a missing service');
      await Promise.all(
        wave.map(async (plan) => {
          const started = start(plan);
          byName.set(plan.name, started);
          await ready(started, '/health/live');
          done.add(plan.name);
        }),
      );
    }
    expect(plans.find(({ app }) => app === 'coordinator')?.after).toEqual(expect.arrayContaining(['shard-0', 'shard-1', 'worker']));

    const coordinator = byName.get('coordinator') as Started;
    for (const started of byName.values()) await ready(started, '/health/ready');

    // The shards announced their advertised URLs and accept the coordinator's token: a collection
    // placed on both answers a search.
    const client = new ShoalClient({ baseUrl: coordinator.url });
    await client.createCollection({ name: 'compose', dimension: 2, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' } });
    await client.upsertVectors('compose', [
      { id: 'a', values: [0, 0] },
      { id: 'b', values: [1, 1] },
      { id: 'c', values: [5, 5] },
    ]);
    const reply = await fetch(`${coordinator.url}/health/ready`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ status: 'ok', info: { shards: { collections: 1 } } });
    // Writes are acked once durable in S3; the shards apply them from the log right after.
    const search = () => client.search('compose', { queries: [[0.9, 0.9]], k: 3 });
    await waitFor(async () => (await search()).results[0].length === 3, { timeoutMs: 10_000, description: 'all three vectors searchable' });
    const answer = await search();
    expect(answer).toMatchObject({ partial: false, shards: { total: 2, answered: 2 } });
    expect(answer.results[0].map(({ id }) => id)).toEqual(['b', 'a', 'c']);
  }, 45_000);
});
