import { resolve } from 'node:path';
import { ConfigError } from '@shoal/config';
import { parseShardConfig, resolveShardConfig } from './shard.config';

const VALID = {
  SHOAL_WORKER_ID: 'shard-a',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SHOAL_CLUSTER_TOKEN: 'a-long-enough-cluster-token',
  SHOAL_BACKEND: 'mock',
};

function problemsOf(env: Record<string, string>, probeFaiss?: () => void): readonly string[] {
  try {
    parseShardConfig(env, { probeFaiss, hostname: 'box' });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseShardConfig', () => {
  it('fills the documented defaults', () => {
    const config = parseShardConfig({ ...VALID, SHOAL_SHARD_PORT: '7100' }, { hostname: 'box' });
    expect(config).toMatchObject({
      workerId: 'shard-a',
      workerIdFromEnv: true,
      host: '127.0.0.1',
      port: 7100,
      advertiseUrl: 'http://127.0.0.1:7100',
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'shoal:' },
      storage: { kind: 'fs', root: resolve('./data/objects') },
      dataDir: resolve('./data/shards/shard-a'),
      backend: 'mock',
      snapshot: { everySegments: 200, intervalMs: 30000 },
      log: { pollMs: 1000, holeMs: 5000 },
      membership: { heartbeatMs: 1000, leaseMs: 5000 },
      readyMaxLag: 50,
    });
  });

  it('derives the worker id from host name and port when unset, and advertises the host name for a wildcard bind', () => {
    const { SHOAL_WORKER_ID: _unused, ...env } = VALID;
    const config = parseShardConfig({ ...env, SHOAL_SHARD_HOST: '0.0.0.0', SHOAL_SHARD_PORT: '7101' }, { hostname: 'box.local' });
    expect(config.workerId).toBe('shard-box.local-7101');
    expect(config.workerIdFromEnv).toBe(false);
    expect(config.advertiseUrl).toBe('http://box.local:7101');
  });

  it('reports every bad variable at once, naming each rule and never echoing the token', () => {
    const problems = problemsOf({
      SHOAL_WORKER_ID: '../etc',
      SHOAL_SHARD_PORT: '70000',
      SHOAL_ADVERTISE_URL: 'shard-0:7100',
      SHOAL_CLUSTER_TOKEN: 'short-secret',
      SHOAL_BACKEND: 'annoy',
      SHOAL_STORAGE: 'ftp',
      SHOAL_SNAPSHOT_EVERY: '0',
      SHOAL_LOG_POLL_MS: 'soon',
      SHOAL_HEARTBEAT_MS: '1000',
      SHOAL_LEASE_MS: '1500',
    });
    expect(problems).toEqual([
      'SHOAL_SHARD_PORT="70000" must be an integer between 0 and 65535',
      'SHOAL_WORKER_ID="../etc" must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      'SHOAL_ADVERTISE_URL="shard-0:7100" must be a http:// or https:// URL, e.g. http://shard-0.shoal:7100',
      'REDIS_URL is required (e.g. redis://127.0.0.1:6379)',
      'SHOAL_STORAGE="ftp" must be "fs" or "s3"',
      'SHOAL_CLUSTER_TOKEN must be at least 16 characters (it has 12)',
      'SHOAL_BACKEND="annoy" must be one of "faiss", "mock"',
      'SHOAL_SNAPSHOT_EVERY="0" must be an integer between 1 and 1000000',
      'SHOAL_LOG_POLL_MS="soon" must be an integer between 10 and 600000',
      'SHOAL_LEASE_MS=1500 must be at least twice SHOAL_HEARTBEAT_MS=1000, or one late heartbeat marks the worker dead',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  it('includes S3 problems from @shoal/storage and a bad Redis URL', () => {
    const problems = problemsOf({ ...VALID, REDIS_URL: 'http://localhost', SHOAL_STORAGE: 's3' });
    expect(problems).toEqual([
      'REDIS_URL="http://localhost" must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
      'S3_ENDPOINT is required for S3 storage (e.g. http://127.0.0.1:9000)',
      'S3_ACCESS_KEY is required for S3 storage',
      'S3_SECRET_KEY is required for S3 storage',
    ]);
  });

  it('refuses the Faiss backend when the addon cannot load, with the reason, instead of falling back to the mock', () => {
    const problems = problemsOf({ ...VALID, SHOAL_BACKEND: 'faiss' }, () => {
      throw new Error('libfaiss.so: cannot open shared object file');
    });
    expect(problems).toEqual([
      'SHOAL_BACKEND=faiss but the Faiss backend cannot load (libfaiss.so: cannot open shared object file); set SHOAL_BACKEND=mock for the exact brute-force mock',
    ]);
  });

  it('defaults to the Faiss backend', () => {
    const { SHOAL_BACKEND: _unused, ...env } = VALID;
    expect(parseShardConfig(env, { probeFaiss: () => undefined }).backend).toBe('faiss');
  });
});

describe('resolveShardConfig', () => {
  it('picks a free port for SHOAL_SHARD_PORT=0 before deriving the worker id and URL', async () => {
    const { SHOAL_WORKER_ID: _unused, ...env } = VALID;
    const config = await resolveShardConfig(env, async () => 7345, { hostname: 'box' });
    expect(config).toMatchObject({ port: 7345, workerId: 'shard-box-7345', advertiseUrl: 'http://127.0.0.1:7345' });
    expect(config.dataDir).toBe(resolve('./data/shards/shard-box-7345'));
  });
});
