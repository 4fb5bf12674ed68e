/**
 * `npm start` (for now): both engine backends side by side on Fashion-MNIST (60k × 784).
 * The mock is exact brute force, O(N) per query; Faiss IVF-PQ is approximate and sublinear.
 * Recall@10 is measured against exact ground truth, speed is single queries on this machine.
 */
import { exactKnn, loadFashionMnist, recallAtK } from '@shoal/datasets';
import { Partition, type EngineBackend, type IndexSpec } from '@shoal/engine';

const QUERIES = Number(process.env.SHOAL_DEMO_QUERIES ?? 200);
const K = 10;

interface DemoRow {
  backend: string;
  summary: string;
  recall10: string;
  qps: string;
  msPerQuery: string;
  bytesPerVector: string;
  buildSeconds: string;
}

async function run(backend: EngineBackend, index: IndexSpec, label: string, data: Awaited<ReturnType<typeof loadFashionMnist>>, truth: Int32Array): Promise<DemoRow> {
  const { train, test } = data;
  const t0 = performance.now();
  const partition = Partition.create({ dimension: train.d, metric: 'l2', backend, index });
  const batch = 10000;
  for (let from = 0; from < train.n; from += batch) {
    await partition.upsert(
      Array.from({ length: Math.min(batch, train.n - from) }, (_, i) => ({
        id: String(from + i),
        values: train.data.subarray((from + i) * train.d, (from + i + 1) * train.d),
      })),
    );
  }
  if (!partition.isTrained) await partition.train();
  const buildSeconds = (performance.now() - t0) / 1000;
  const found: number[] = [];
  const t1 = performance.now();
  for (let q = 0; q < test.n; q++) {
    const [hits] = await partition.search(test.data.subarray(q * test.d, (q + 1) * test.d), { k: K });
    for (let j = 0; j < K; j++) found.push(hits[j] ? Number(hits[j].id) : -1);
  }
  const elapsed = (performance.now() - t1) / 1000;
  const stats = partition.stats();
  partition.dispose();
  return {
    backend: `${label} [${stats.description.backend}]`,
    summary: stats.description.summary,
    recall10: recallAtK(found, truth, test.n, K).toFixed(3),
    qps: (test.n / elapsed).toFixed(0),
    msPerQuery: ((elapsed * 1000) / test.n).toFixed(2),
    bytesPerVector: stats.indexBytesPerVector.toFixed(0),
    buildSeconds: buildSeconds.toFixed(1),
  };
}

async function main(): Promise<void> {
  console.log(`Shoal engine demo: Fashion-MNIST 60,000 × 784, ${QUERIES} test queries, k=${K}, single-query search`);
  const data = await loadFashionMnist({ testLimit: QUERIES });
  const truth = exactKnn(data.train, data.test, K, 'l2').ids;
  const rows = [
    await run('mock', { type: 'flat' }, 'mock', data, truth),
    await run('faiss', { type: 'ivf_pq', nlist: 256, m: 56, nprobe: 16, refine: 10 }, 'Faiss IVF256,PQ56 nprobe=16 re-rank×10', data, truth),
    await run('faiss', { type: 'ivf_pq', nlist: 256, m: 56, nprobe: 8, refine: 1 }, 'Faiss IVF256,PQ56 nprobe=8 no re-rank', data, truth),
  ];
  console.table(rows);
  console.log('bytesPerVector counts the index only (the mock holds raw float32 vectors: 4·d bytes).');
  console.log('The mock backend is exact brute force, O(N) per query, for development; Faiss IVF-PQ is the production backend.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
