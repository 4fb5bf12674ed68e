/**
 * npm run bench:jobs [-- --json] [--synthetic 1000000] [--no-fashion]
 *
 * The index lifecycle on a local cluster (2 shard workers, 1 index worker, Faiss, embedded Redis,
 * filesystem store), per dataset: bulk import of an fvecs file through the import job (vectors/s),
 * then a training job at a realistic nlist: sample size, training time, per-shard build time,
 * the job's wall time, and how long until every replica serves the new generation. A recall@10
 * sanity row is measured through the public API after the swap.
 */
import { encodeFvecs, gaussianMixture, loadFashionMnist, recallAtK, type VectorSet } from '@shoal/datasets';
import { startLocalCluster } from '@shoal/local-cluster';
import { createObjectStore } from '@shoal/storage';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterClient } from '../e2e/cluster-client';
import { machine, parseArgs, printTable } from './bench-util';
import { groundTruth } from './engine-cases';

const args = parseArgs(process.argv.slice(2));
const syntheticN = Number(args.flags.get('synthetic') ?? 1_000_000);
const K = 10;

interface Case {
  dataset: string;
  base: VectorSet;
  queries: VectorSet;
  index: { type: 'ivf_pq'; nlist: number; m: number; nbits: number; refine: number; nprobe: number };
}

async function runCase(c: Case, emit: (row: Record<string, unknown>) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-bench-jobs-'));
  const cluster = await startLocalCluster({ dataDir: dir, host: '127.0.0.1', port: 0, shards: 2, workers: 1, backend: 'faiss', verbose: false });
  try {
    const api = new ClusterClient(cluster.url);
    const store = await createObjectStore({ kind: 'fs', root: join(dir, 'objects') });
    await store.put('uploads/base.fvecs', encodeFvecs(c.base.data, c.base.d));
    await api.createCollection({ name: 'bench', dimension: c.base.d, metric: 'l2', shards: 2, replicas: 1, index: c.index });

    const t0 = performance.now();
    const imported = await api.settle(await api.import('bench', { source: { key: 'uploads/base.fvecs', format: 'fvecs' } }), 3_600_000);
    if (imported.state !== 'completed') throw new Error(`import failed: ${imported.error}`);
    while ((await api.collection('bench')).vectors !== c.base.n) await new Promise((resolve) => setTimeout(resolve, 200));
    const importWall = (performance.now() - t0) / 1000;
    const importResult = imported.result as { records: number; vectorsPerSecond: number };
    emit({ dataset: c.dataset, step: 'import', n: c.base.n, d: c.base.d, vectors_per_s: importResult.vectorsPerSecond, wall_s_until_searchable: importWall });

    const t1 = performance.now();
    const trained = await api.settle(await api.train('bench'), 3_600_000);
    if (trained.state !== 'completed') throw new Error(`training failed: ${trained.error}`);
    const jobWall = (performance.now() - t1) / 1000;
    while ((await api.collection('bench')).state !== 'ready') await new Promise((resolve) => setTimeout(resolve, 100));
    const result = trained.result as { sampleSize: number; trainSeconds: number; recallEstimate: { recall: number } | null; shards: { shard: number; vectors: number; buildSeconds: number }[] };
    const found: number[] = [];
    for (let q = 0; q < c.queries.n; q++) {
      const response = await api.search('bench', { queries: [Array.from(c.queries.data.subarray(q * c.queries.d, (q + 1) * c.queries.d))], k: K });
      found.push(...response.results[0].map((h) => Number(h.id)));
    }
    const truth = await groundTruth(c.base, c.queries);
    emit({
      dataset: c.dataset,
      step: 'train + build',
      params: { nlist: c.index.nlist, m: c.index.m, nprobe: c.index.nprobe, refine: c.index.refine },
      sample: result.sampleSize,
      train_s: result.trainSeconds,
      build_s_per_shard: result.shards.map((s) => Number(s.buildSeconds.toFixed(1))),
      job_wall_s: jobWall,
      recall_estimate: result.recallEstimate?.recall,
      recall10_via_api: recallAtK(found, truth, c.queries.n, K),
    });
  } finally {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  const emit = (row: Record<string, unknown>) => {
    rows.push(row);
    if (args.json) console.log(JSON.stringify(row));
    else console.error(JSON.stringify(row));
  };
  if (!args.flags.has('no-fashion')) {
    const { train, test } = await loadFashionMnist({ testLimit: 200 });
    // Ids are the row numbers the import gives (no idPrefix), so recall compares them directly.
    await runCase({ dataset: 'fashion-mnist-784', base: train, queries: test, index: { type: 'ivf_pq', nlist: 1024, m: 56, nbits: 8, refine: 10, nprobe: 16 } }, emit);
  }
  if (syntheticN > 0) {
    const base = gaussianMixture({ n: syntheticN, d: 128, seed: 1 });
    const queries = gaussianMixture({ n: 200, d: 128, seed: 2 });
    const nlist = Math.round(4 * Math.sqrt(syntheticN));
    await runCase({ dataset: 'synthetic-128', base, queries, index: { type: 'ivf_pq', nlist, m: 16, nbits: 8, refine: 100, nprobe: 64 } }, emit);
  }
  if (!args.json) {
    console.log(`# Shoal index lifecycle benchmark — ${machine()}; 2 shard workers + 1 index worker, Faiss`);
    for (const row of rows) printTable([row], Object.keys(row));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
