import { APPS, LISTEN_VARS, appOfService, containerEnv, loadDockerfile, finalStage, type AppName } from './app-images';
import { dependsOn, interpolate, loadCompose, parseCompose, serviceEnv } from './compose-file';
import { stageEnv } from './dockerfile.parser';
import { envNamesRead } from '../support/code-scan';
import { importGraph } from './source-scan';

/** Variables a container may carry that no Shoal config reads: Node's and the native libraries' own. */
const RUNTIME_VARS = new Set(['NODE_ENV', 'NODE_OPTIONS', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'TZ']);
const REQUIRED = ['REDIS_URL', 'SHOAL_CLUSTER_TOKEN', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'];

const compose = loadCompose();
const services = Object.entries(compose.services);
const appServices = services.flatMap(([name, service]) => {
  const app = appOfService(service);
  return app === undefined ? [] : [{ name, app, service, env: serviceEnv(service) }];
});
const namesRead = Object.fromEntries(APPS.map((app) => [app, envNamesRead(importGraph(`apps/${app}/src/main.ts`).files)])) as Record<AppName, Set<string>>;

describe('compose interpolation', () => {
  it('follows compose rules for defaults, required variables and $$', () => {
    expect(interpolate('${A:-x} ${B:-y} ${B-z} ${C}', { A: 'a', B: '' })).toBe('a y  ');
    expect(interpolate('$$HOME $A', { A: 'a' })).toBe('$HOME a');
    expect(() => interpolate('${T:?set T}', {})).toThrow('required variable T is missing: set T');
  });

  it('merges `<<` keys as docker compose does', () => {
    const file = parseCompose('x: &e\n  A: "1"\nservices:\n  s:\n    environment:\n      <<: *e\n      B: ${B:-2}\n');
    expect(serviceEnv(file.services['s'])).toEqual({ A: '1', B: '2' });
  });
});

describe('infra/compose.yaml', () => {
  it('has Redis 7, MinIO, one coordinator, two shards and one worker', () => {
    expect(compose.services['redis']?.image).toMatch(/^redis:7\b/);
    expect(compose.services['minio']?.image).toMatch(/^minio\/minio:RELEASE\./);
    expect(appServices.map(({ name, app }) => [name, app]).sort()).toEqual([
      ['coordinator', 'coordinator'],
      ['shard-0', 'shard'],
      ['shard-1', 'shard'],
      ['worker', 'worker'],
    ]);
  });

  it('builds every app from the repository root with its own Dockerfile and tags it as the chart expects', () => {
    for (const { name, app, service } of appServices) {
      expect([name, service.build?.context, service.image]).toEqual([name, '..', `shoal/shoal-${app}:dev`]);
      expect([name, service.init]).toEqual([name, true]);
    }
  });

  it('sets only variables the app reads (or Node/BLAS ones), and every required one it reads', () => {
    for (const { name, app, env } of appServices) {
      const unknown = Object.keys(env).filter((key) => !namesRead[app].has(key) && !RUNTIME_VARS.has(key));
      expect([name, unknown]).toEqual([name, []]);
      const missing = REQUIRED.filter((key) => namesRead[app].has(key) && (env[key] ?? '') === '');
      expect([name, missing]).toEqual([name, []]);
    }
    // The index worker makes no shard RPC: it neither reads nor gets the cluster token.
    expect(namesRead.worker.has('SHOAL_CLUSTER_TOKEN')).toBe(false);
    expect(['REDIS_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY'].every((key) => namesRead.worker.has(key))).toBe(true);
    for (const app of ['coordinator', 'shard'] as const) expect([app, REQUIRED.every((key) => namesRead[app].has(key))]).toEqual([app, true]);
  });

  it('gives the image ENV defaults only variable names the app reads', () => {
    for (const app of APPS) {
      const unknown = Object.keys(stageEnv(finalStage(loadDockerfile(app)))).filter((key) => !namesRead[app].has(key) && !RUNTIME_VARS.has(key));
      expect([app, unknown]).toEqual([app, []]);
    }
  });

  it('shares one cluster token and one set of S3 credentials, which MinIO is started with', () => {
    const minio = serviceEnv(compose.services['minio']);
    const token = serviceEnv(compose.services['coordinator'])['SHOAL_CLUSTER_TOKEN'];
    expect(token.length).toBeGreaterThanOrEqual(16);
    for (const { name, app, env } of appServices) {
      expect([name, env['SHOAL_CLUSTER_TOKEN']]).toEqual([name, app === 'worker' ? undefined : token]);
      expect([name, env['S3_ACCESS_KEY'], env['S3_SECRET_KEY'], env['S3_ENDPOINT'], env['REDIS_URL']]).toEqual([
        name,
        minio['MINIO_ROOT_USER'],
        minio['MINIO_ROOT_PASSWORD'],
        'http://minio:9000',
        'redis://redis:6379',
      ]);
    }
    // MinIO refuses a root password under 8 characters.
    expect(minio['MINIO_ROOT_PASSWORD'].length).toBeGreaterThanOrEqual(8);
  });

  it('takes secrets and the backend from the environment when set', () => {
    const custom = loadCompose({ SHOAL_CLUSTER_TOKEN: 'from-the-environment-0123', S3_SECRET_KEY: 'another-secret', SHOAL_BACKEND: 'mock', SHOAL_API_KEYS: 'k-0123456789abcdef' });
    expect(serviceEnv(custom.services['shard-1'])).toMatchObject({ SHOAL_CLUSTER_TOKEN: 'from-the-environment-0123', S3_SECRET_KEY: 'another-secret', SHOAL_BACKEND: 'mock' });
    expect(serviceEnv(custom.services['minio'])['MINIO_ROOT_PASSWORD']).toBe('another-secret');
    expect(serviceEnv(custom.services['coordinator'])['SHOAL_API_KEYS']).toBe('k-0123456789abcdef');
  });

  it('runs two shards with distinct stable ids, their own volumes and advertised URLs on their own service names', () => {
    const shards = appServices.filter(({ app }) => app === 'shard');
    const ids = shards.map(({ env }) => env['SHOAL_WORKER_ID']);
    expect(new Set(ids).size).toBe(2);
    const volumes = shards.map(({ service }) => service.volumes ?? []);
    expect(volumes.every((list) => list.length === 1)).toBe(true);
    expect(new Set(volumes.map((list) => list[0].split(':')[0])).size).toBe(2);
    for (const { name, app, env, service } of shards) {
      const container = containerEnv(app, env);
      expect([name, env['SHOAL_ADVERTISE_URL']]).toEqual([name, `http://${name}:${container[LISTEN_VARS[app].port]}`]);
      expect([name, (service.volumes ?? [])[0].split(':')[1]]).toEqual([name, container['SHOAL_DATA_DIR']]);
    }
    for (const volume of volumes.flat().map((entry) => entry.split(':')[0])) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('publishes only the coordinator, on 7700', () => {
    for (const [name, service] of services) expect([name, service.ports ?? []]).toEqual([name, name === 'coordinator' ? ['7700:7700'] : []]);
    expect(containerEnv('coordinator', serviceEnv(compose.services['coordinator']))['SHOAL_PORT']).toBe('7700');
  });

  it('waits for healthy dependencies that exist and have a health check', () => {
    const healthChecked = (name: string) => {
      const service = compose.services[name];
      const app = service === undefined ? undefined : appOfService(service);
      return service?.healthcheck !== undefined || (app !== undefined && finalStage(loadDockerfile(app)).instructions.some(({ keyword }) => keyword === 'HEALTHCHECK'));
    };
    for (const { name } of appServices) {
      const deps = dependsOn(compose.services[name]);
      expect([name, deps['redis'], deps['minio']]).toEqual([name, 'service_healthy', 'service_healthy']);
    }
    for (const [name, service] of services) {
      for (const [target, condition] of Object.entries(dependsOn(service))) {
        expect([name, target, target in compose.services, condition, healthChecked(target)]).toEqual([name, target, true, 'service_healthy', true]);
      }
    }
  });
});
