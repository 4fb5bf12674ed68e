import { ConfigError } from '@shoal/config';
import { CoordinatorConfig } from './coordinator.config';

const valid = { REDIS_URL: 'redis://127.0.0.1:6379', SHOAL_CLUSTER_TOKEN: 'a-secret-of-16-chars' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    CoordinatorConfig.fromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('CoordinatorConfig.fromEnv', () => {
  it('applies the documented defaults', () => {
    const config = CoordinatorConfig.fromEnv({ ...valid, SHOAL_DATA_DIR: '/tmp/shoal-x' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 7700,
      redisPrefix: 'shoal:',
      searchTimeoutMs: 2000,
      memberRefreshMs: 500,
      trainMaxBytes: 8 * 2 ** 30,
      jobAttempts: 3,
      autoTrainIntervalMs: 2000,
      logLevel: 'info',
      apiKeys: [],
      readOnlyApiKeys: [],
      requestTimeoutMs: 60_000,
      storage: { kind: 'fs', root: '/tmp/shoal-x/objects' },
    });
    expect(config.coordinatorId).toMatch(/^coordinator-/);
  });

  it('reads every variable', () => {
    const config = CoordinatorConfig.fromEnv({
      ...valid,
      SHOAL_HOST: '0.0.0.0',
      SHOAL_PORT: '0',
      SHOAL_REDIS_PREFIX: 't1:',
      SHOAL_SEARCH_TIMEOUT_MS: '750',
      SHOAL_MEMBER_REFRESH_MS: '100',
      SHOAL_COORDINATOR_ID: 'coord-a',
      SHOAL_LOG_LEVEL: 'warn',
      SHOAL_TRAIN_MAX_BYTES: '1073741824',
      SHOAL_JOB_ATTEMPTS: '5',
      SHOAL_AUTO_TRAIN_INTERVAL_MS: '250',
      SHOAL_API_KEYS: 'rw-key-0123456789abcdef, rw-key-2-0123456789abc',
      SHOAL_READ_ONLY_API_KEYS: 'ro-key-0123456789abcdef',
      SHOAL_REQUEST_TIMEOUT_MS: '5000',
    });
    expect(config).toMatchObject({ apiKeys: ['rw-key-0123456789abcdef', 'rw-key-2-0123456789abc'], readOnlyApiKeys: ['ro-key-0123456789abcdef'], requestTimeoutMs: 5000 });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 0, redisPrefix: 't1:', searchTimeoutMs: 750, memberRefreshMs: 100 });
    expect(config).toMatchObject({ trainMaxBytes: 2 ** 30, jobAttempts: 5, autoTrainIntervalMs: 250 });
    expect(config).toMatchObject({ coordinatorId: 'coord-a', logLevel: 'warn' });
  });

  it('lists every bad variable at once, storage ones included', () => {
    const problems = problemsOf({
      SHOAL_PORT: '70000',
      SHOAL_CLUSTER_TOKEN: 'short',
      SHOAL_SEARCH_TIMEOUT_MS: 'soon',
      SHOAL_STORAGE: 'tape',
      SHOAL_LOG_LEVEL: 'loud',
      SHOAL_TRAIN_MAX_BYTES: '8G',
      SHOAL_JOB_ATTEMPTS: '0',
    });
    expect(problems).toEqual([
      'REDIS_URL is required (e.g. redis://127.0.0.1:6379)',
      'SHOAL_CLUSTER_TOKEN must be at least 16 characters (it has 5)',
      'SHOAL_PORT="70000" must be an integer between 0 and 65535',
      'SHOAL_STORAGE="tape" must be "fs" or "s3"',
      'SHOAL_SEARCH_TIMEOUT_MS="soon" must be an integer between 10 and 600000',
      'SHOAL_TRAIN_MAX_BYTES="8G" must be an integer between 1048576 and 1125899906842624',
      'SHOAL_JOB_ATTEMPTS="0" must be an integer between 1 and 100',
      'SHOAL_LOG_LEVEL="loud" must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent"',
    ]);
  });

  it('names the bad API keys by position, never printing a key', () => {
    const problems = problemsOf({
      ...valid,
      SHOAL_API_KEYS: 'short-secret,good-key-0123456789,good-key-0123456789',
      SHOAL_READ_ONLY_API_KEYS: 'good-key-0123456789,has space in it 0123',
    });
    expect(problems).toEqual([
      'SHOAL_API_KEYS entry 1 must be 16 to 256 characters of letters, digits and . _ ~ + / = - (it has 12 characters)',
      'SHOAL_API_KEYS entry 3 repeats an earlier key',
      'SHOAL_READ_ONLY_API_KEYS entry 2 must be 16 to 256 characters of letters, digits and . _ ~ + / = - (it has 20 characters)',
      'SHOAL_READ_ONLY_API_KEYS entry 1 is also in SHOAL_API_KEYS: a key is read-only or read-write, not both',
    ]);
    expect(problems.join('\n')).not.toMatch(/short-secret|good-key|has space/);
  });

  it('requires the cluster token and a redis URL', () => {
    expect(problemsOf({ REDIS_URL: 'http://x' })).toEqual([
      'REDIS_URL="http://x" must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
      'SHOAL_CLUSTER_TOKEN is required (a shared secret of at least 16 characters)',
    ]);
  });
});
