/**
 * npm run bench:engine [-- --json] [--only fashion|synthetic|cpp] [--sizes 100000,300000,1000000]
 *                       [--queries 1000] [--budget 10]
 *
 * Both backends on Fashion-MNIST and on synthetic 128-d data, plus the binding-vs-C++ batch check.
 * Ground truth is Faiss's exact flat index; recall@10 is measured against it for every row.
 */
import { fashionMnistAvailable, gaussianMixture, loadFashionMnist, type VectorSet } from '@shoal/datasets';
import { getNumThreads } from '@shoal/faiss-native';
import type { IvfPqIndexSpec } from '@shoal/engine';
import { bindingVsCpp } from './binding-vs-cpp';
import { machine, parseArgs, printTable } from './bench-util';
import { type EngineRow, groundTruth, loadPartition, measure } from './engine-cases';

const args = parseArgs(process.argv.slice(2));
const only = args.flags.get('only');
const nQueries = Number(args.flags.get('queries') ?? 1000);
const budget = Number(args.flags.get('budget') ?? 10);
const sizes = (args.flags.get('sizes') ?? '100000,300000,1000000').split(',').map(Number);
const COLUMNS = ['dataset', 'backend', 'params', 'n', 'recall10', 'qps', 'batch_qps', 'bytes_per_vector', 'index_bytes_per_vector', 'train_s', 'add_s', 'queries'];

function emit(rows: EngineRow[], row: EngineRow): void {
  rows.push(row);
  if (args.json) console.log(JSON.stringify(row));
  else console.error(`  ${row.dataset} ${row.backend} ${JSON.stringify(row.params)} recall10=${row.recall10.toFixed(3)} qps=${row.qps.toFixed(1)}`);
}

async function runDataset(
  rows: EngineRow[],
  dataset: string,
  base: VectorSet,
  queries: VectorSet,
  spec: IvfPqIndexSpec,
  sweep: { nprobe: number; refine: number }[],
): Promise<void> {
  const truth = await groundTruth(base, queries);
  const common = { dataset, n: base.n };

  const mock = await loadPartition('mock', { type: 'flat' }, base);
  const mockResult = await measure(mock, queries, truth, { budgetSeconds: budget });
  emit(rows, { ...common, backend: 'exact_mock', params: { exact: 'brute force' }, ...mockResult, train_s: 0, add_s: mock.add_s });
  mock.partition.dispose();

  const ivf = await loadPartition('faiss', spec, base, Math.min(base.n, Math.max(39 * spec.nlist, 65536)));
  for (const { nprobe, refine } of sweep) {
    const result = await measure(ivf, queries, truth, { nprobe, refine, budgetSeconds: budget });
    const params = { nlist: spec.nlist, m: spec.m, nbits: 8, nprobe, refine };
    emit(rows, { ...common, backend: 'faiss_ivfpq', params, ...result, train_s: ivf.train_s, add_s: ivf.add_s });
  }
  ivf.partition.dispose();
}

async function main(): Promise<void> {
  const rows: EngineRow[] = [];
  if (!args.json) console.log(`# Shoal engine benchmark — ${machine()}, Faiss threads ${getNumThreads()}`);

  if (!only || only === 'fashion') {
    if (!fashionMnistAvailable()) throw new Error('Fashion-MNIST is missing: apt-get install dataset-fashion-mnist');
    const fm = await loadFashionMnist({ testLimit: nQueries });
    const sweep = [1, 4, 8, 16, 32, 64].map((nprobe) => ({ nprobe, refine: 1 }));
    sweep.push({ nprobe: 16, refine: 10 }, { nprobe: 32, refine: 10 });
    await runDataset(rows, 'fashion-mnist-784', fm.train, fm.test, { type: 'ivf_pq', nlist: 1024, m: 56 }, sweep);
  }

  if (!only || only === 'synthetic') {
    for (const n of sizes) {
      const base = gaussianMixture({ n, d: 128, seed: 1 });
      const queries = gaussianMixture({ n: nQueries, d: 128, seed: 2 });
      const nlist = Math.round(4 * Math.sqrt(n));
      // Isotropic Gaussian clusters in 128-d are a hard case for IVF (neighbours straddle many
      // cells) and for PQ16: high recall needs a wide probe and a deep re-rank, measured here.
      const sweep = [8, 16, 32, 64, 128].map((nprobe) => ({ nprobe, refine: 1 }));
      sweep.push({ nprobe: 32, refine: 10 }, { nprobe: 64, refine: 100 }, { nprobe: 128, refine: 100 }, { nprobe: 256, refine: 200 });
      await runDataset(rows, 'synthetic-128', base, queries, { type: 'ivf_pq', nlist, m: 16 }, sweep);
    }
  }

  if (!args.json) {
    console.log();
    printTable(rows as unknown as Record<string, unknown>[], COLUMNS);
  }

  if (!only || only === 'cpp') {
    const cpp = await bindingVsCpp();
    if (args.json) console.log(JSON.stringify(cpp));
    else {
      console.log();
      printTable([cpp as unknown as Record<string, unknown>], Object.keys(cpp));
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
