import { FaissIndex } from '@shoal/faiss-native';
import { recallAtK, type VectorSet } from '@shoal/datasets';
import { Partition, type EngineBackend, type IndexSpec } from '@shoal/engine';
import { seconds, timed } from './bench-util';

export const K = 10;

/** One benchmark row; `--json` prints exactly these fields. */
export interface EngineRow {
  dataset: string;
  backend: string;
  params: Record<string, number | string>;
  n: number;
  recall10: number;
  qps: number;
  batch_qps: number;
  /** Codes + ids per vector: what scales with n. */
  bytes_per_vector: number;
  /** All index memory (fixed costs such as centroids and IVF-PQ lookup tables included) / n. */
  index_bytes_per_vector: number;
  train_s: number;
  add_s: number;
  queries: number;
}

export interface LoadedPartition {
  partition: Partition;
  train_s: number;
  add_s: number;
}

/** Exact top-10 from Faiss's flat index (BLAS brute force): the ground truth for every row. */
export async function groundTruth(base: VectorSet, queries: VectorSet): Promise<Int32Array> {
  const flat = FaissIndex.create(base.d, 'Flat', 'l2');
  await flat.addWithIds(base.data, BigInt64Array.from({ length: base.n }, (_, i) => BigInt(i)));
  const { labels } = await flat.search(queries.data, K);
  flat.dispose();
  return Int32Array.from(labels, Number);
}

/** Upserts the base set under ids "0".."n-1" and trains when the index needs it. */
export async function loadPartition(backend: EngineBackend, index: IndexSpec, base: VectorSet, sampleSize?: number): Promise<LoadedPartition> {
  const partition = Partition.create({ dimension: base.d, metric: 'l2', backend, index, tailFlushThreshold: Number.MAX_SAFE_INTEGER });
  const t0 = process.hrtime.bigint();
  const batch = 20000;
  for (let from = 0; from < base.n; from += batch) {
    const count = Math.min(batch, base.n - from);
    await partition.upsert(
      Array.from({ length: count }, (_, i) => ({ id: String(from + i), values: base.data.subarray((from + i) * base.d, (from + i + 1) * base.d) })),
    );
  }
  const upsert_s = seconds(t0);
  if (!partition.isTrained) {
    const report = await partition.train({ sampleSize });
    return { partition, train_s: report.trainSeconds, add_s: upsert_s + report.addSeconds };
  }
  return { partition, train_s: 0, add_s: upsert_s };
}

export interface MeasureOptions {
  nprobe?: number;
  refine?: number;
  /** Single-query loop stops after this many seconds (the mock is slow on purpose). */
  budgetSeconds: number;
}

/**
 * Single-query QPS: one query per call, sequentially, until every query ran or the budget is spent.
 * Batch QPS and recall@10: one call with as many queries as the single-query rate fits in the budget.
 */
export async function measure(
  loaded: LoadedPartition,
  queries: VectorSet,
  truth: Int32Array,
  options: MeasureOptions,
): Promise<Pick<EngineRow, 'recall10' | 'qps' | 'batch_qps' | 'bytes_per_vector' | 'index_bytes_per_vector' | 'queries'>> {
  const { partition } = loaded;
  const search = { k: K, nprobe: options.nprobe, refine: options.refine };
  const d = queries.d;
  await partition.search(queries.data.subarray(0, d), search); // warm-up
  const t0 = process.hrtime.bigint();
  let single = 0;
  while (single < queries.n && (single < 5 || seconds(t0) < options.budgetSeconds)) {
    await partition.search(queries.data.subarray(single * d, (single + 1) * d), search);
    single++;
  }
  const qps = single / seconds(t0);
  const nBatch = Math.min(queries.n, Math.max(single, Math.floor(qps * options.budgetSeconds)));
  const { value: hits, s } = await timed(() => partition.search(queries.data.subarray(0, nBatch * d), search));
  const found = hits.flatMap((row) => Array.from({ length: K }, (_, j) => (row[j] ? Number(row[j].id) : -1)));
  const stats = partition.stats();
  return {
    recall10: recallAtK(found, truth.subarray(0, nBatch * K), nBatch, K),
    qps,
    batch_qps: nBatch / s,
    bytes_per_vector: stats.indexBytesPerVector,
    index_bytes_per_vector: stats.indexBytes / stats.vectors,
    queries: nBatch,
  };
}
