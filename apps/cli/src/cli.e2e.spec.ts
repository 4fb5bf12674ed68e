/**
 * The `shoal` command end to end: real child processes (`node --import tsx apps/cli/src/main.ts`)
 * against a real local cluster (mock backend, private redis-server, filesystem object store).
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ShoalClient } from '@shoal/client';
import { encodeFvecs, encodeJsonl, gaussianMixture } from '@shoal/datasets';
import { startLocalCluster, type LocalCluster } from '@shoal/local-cluster';
import { startRedisServer, tempDir, waitFor, type RunningRedisServer } from '@shoal/testing';

const ROOT = join(__dirname, '..', '..', '..');
const d = 8;
const n = 300;
const data = gaussianMixture({ n, d, seed: 7, clusters: 10 });
const row = (i: number) => Array.from(data.data.subarray(i * d, (i + 1) * d));

let redis: RunningRedisServer;
let cluster: LocalCluster;
let dir: string;
let sdk: ShoalClient;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `shoal …args` as users do, from the repository root, against the test cluster. */
function shoal(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, SHOAL_URL: cluster.url, SHOAL_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = await tempDir('shoal-cli-e2e-');
  redis = await startRedisServer();
  cluster = await startLocalCluster({ dataDir: dir, host: '127.0.0.1', port: 0, shards: 2, backend: 'mock', verbose: false, redisUrl: redis.url, env: { SHOAL_STORAGE: 'fs' } });
  sdk = new ShoalClient({ baseUrl: cluster.url });
}, 90_000);

afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const vectorCount = (expected: number) => waitFor(async () => (await sdk.getCollection('docs')).vectors === expected, { timeoutMs: 20_000, intervalMs: 200, description: `docs holds ${expected} vectors` });

describe('shoal', () => {
  it('creates, lists, imports, searches, reports, fails to train on the mock, and drops a collection', async () => {
    const created = await shoal('collections', 'create', 'docs', '--dimension', String(d), '--shards', '2', '--nlist', '2', '--m', '4');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toBe('created collection docs (8-d l2, 2 shards × 1 replicas, ivf_pq nlist=2 m=4)\n');

    const listed = await shoal('collections', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).collections).toEqual([expect.objectContaining({ name: 'docs', dimension: d, state: 'exact', shards: 2 })]);

    const file = join(dir, 'vectors.fvecs');
    await writeFile(file, encodeFvecs(data.data, d));
    const imported = await shoal('import', 'docs', file, '--id-prefix', 'v', '--batch-size', '64');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^imported 300 vectors from .*vectors\.fvecs into docs in [\d.]+ s/);
    // Not a terminal: plain progress lines, ending at 100%.
    expect(imported.stderr.trim().split('\n').at(-1)).toMatch(/^import docs 100% 300 vectors/);
    await vectorCount(n);

    const found = await shoal('search', 'docs', '--vector', JSON.stringify(row(123)), '--k', '3', '--json');
    expect(found.code).toBe(0);
    const hits = JSON.parse(found.stdout).results[0];
    expect(hits).toHaveLength(3);
    expect(hits[0]).toEqual({ id: 'v123', distance: 0 });
    const text = await shoal('search', 'docs', '--vector', JSON.stringify(row(5)), '--k', '1');
    expect(text.stdout).toBe('query 0:\n    1  v5  0.00000\n');

    // A server-side import job, from an object in the cluster's (filesystem) store.
    await mkdir(join(dir, 'objects', 'uploads'), { recursive: true });
    await writeFile(join(dir, 'objects', 'uploads', 'extra.jsonl'), encodeJsonl(Array.from({ length: 20 }, (_, i) => ({ id: `j${i}`, values: row(i) }))));
    const job = await shoal('import', 'docs', '--server-side', 'uploads/extra.jsonl', '--format', 'jsonl');
    expect(job.code).toBe(0);
    expect(job.stdout).toMatch(/^import job \S+ completed/);
    await vectorCount(n + 20);

    const status = await shoal('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Shoal \S+ at http:\/\/127\.0\.0\.1:\d+, up \d+\w.*: ready\n/);
    expect(status.stdout).toContain('exact_mock');
    expect(status.stdout).toMatch(/docs\s+exact\s+0\s+320\s+2×1\s+exact_mock/);

    // The mock backend cannot train an ANN index: the job fails, and the command says why in one line.
    const trained = await shoal('train', 'docs');
    expect(trained.code).toBe(1);
    expect(trained.stderr.trim().split('\n').at(-1)).toMatch(/^error: JOB_FAILED: job \S+ failed after 1 attempt\(s\): .*Faiss backend/);

    const dropped = await shoal('collections', 'drop', 'docs');
    expect(dropped).toMatchObject({ code: 0, stdout: 'dropped collection docs\n' });
    const gone = await shoal('search', 'docs', '--vector', JSON.stringify(row(0)));
    expect(gone.code).toBe(1);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toMatch(/^error: NOT_FOUND: .*docs.*\n$/);
  });

  it('reports a wrong command line in one line with exit status 2', async () => {
    const missing = await shoal('search', 'docs', '--k', '3');
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'shoal: search needs exactly one of --vector or --file (see shoal search --help)\n' });
    const unknown = await shoal('collections', 'create', 'x', '--dimension', '4', '--shardz', '2');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("shoal: Unknown option '--shardz' (see shoal collections create --help)\n");
  });
});
