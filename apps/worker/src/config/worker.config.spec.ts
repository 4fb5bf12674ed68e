import { ConfigError } from '@shoal/config';
import { parseWorkerConfig } from './worker.config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', SHOAL_DATA_DIR: '/tmp/shoal-test' };
const noFaiss = () => {
  throw new Error('addon missing');
};

function problemsOf(env: Record<string, string>, probeFaiss?: () => void): readonly string[] {
  try {
    parseWorkerConfig(env, { probeFaiss, hostname: 'host', pid: 7 });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('worker config', () => {
  it('fills documented defaults', () => {
    const config = parseWorkerConfig(base, { probeFaiss: () => undefined, hostname: 'host', pid: 7 });
    expect(config).toMatchObject({
      workerId: 'worker-host-7',
      backend: 'faiss',
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'shoal:' },
      scratchDir: '/tmp/shoal-test/workers/worker-host-7',
      jobs: { indexConcurrency: 1, importConcurrency: 1, lockMs: 30_000 },
      imports: { batchSize: 1000 },
    });
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({ SHOAL_JOB_LOCK_MS: '10', SHOAL_IMPORT_BATCH: 'many', SHOAL_BACKEND: 'gpu', SHOAL_WORKER_ID: '-bad' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('REDIS_URL is required'),
        expect.stringContaining('SHOAL_JOB_LOCK_MS="10"'),
        expect.stringContaining('SHOAL_IMPORT_BATCH="many"'),
        expect.stringContaining('SHOAL_BACKEND="gpu"'),
        expect.stringContaining('SHOAL_WORKER_ID="-bad"'),
      ]),
    );
  });

  it('refuses to start on faiss when the addon cannot load, naming the reason and the mock', () => {
    expect(problemsOf(base, noFaiss)).toEqual([expect.stringMatching(/SHOAL_BACKEND=faiss but the Faiss backend cannot load \(addon missing\).*SHOAL_BACKEND=mock/)]);
  });
});
