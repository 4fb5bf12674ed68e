import type { RecallEstimate } from '@shoal/contracts';
import { exactKnn, recallAtK } from '@shoal/datasets';
import { EngineError, EngineErrorCode } from './engine.error';
import { type IvfPqTemplateOptions, resolveTemplateOptions } from './ivf-pq-template';
import { Partition } from './partition';
import type { PartitionHit, PartitionRecord } from './partition.types';
import { assertK, assertVectors } from './vector-math.util';

// Module-level alias: the id parsing below is a hot loop, and global lookups are slow inside jest's vm.
const toNumber = Number;

/** Vectors handed to the partition per upsert call, bounding the copies made for validation. */
const UPSERT_CHUNK = 8192;

/**
 * Measures what searches will get from a template: builds a temporary Faiss partition from it
 * holding `base`, searches `queries` with the spec's default nprobe and refine, and compares with
 * the exact top-k over `base`. Queries should be held out of the template's training sample, as
 * real queries are. Deterministic for the same inputs; costs one exact scan of `base` per query.
 */
export async function estimateRecall(
  options: IvfPqTemplateOptions,
  template: Uint8Array,
  base: Float32Array,
  queries: Float32Array,
  k = 10,
): Promise<RecallEstimate> {
  const { dimension, metric, spec } = resolveTemplateOptions(options);
  assertK(k);
  const nb = assertVectors(base, dimension, 'base');
  const nq = assertVectors(queries, dimension, 'queries');
  if (nb < k) throw new EngineError(EngineErrorCode.InvalidArgument, `base must hold at least k=${k} vectors, got ${nb}`);
  if (nq < 1) throw new EngineError(EngineErrorCode.InvalidArgument, 'queries must hold at least one vector');

  const partition = Partition.create({ dimension, metric, index: spec, backend: 'faiss' });
  let hits: PartitionHit[][];
  try {
    for (let first = 0; first < nb; first += UPSERT_CHUNK) {
      const records: PartitionRecord[] = [];
      for (let i = first; i < Math.min(nb, first + UPSERT_CHUNK); i++) records.push({ id: `${i}`, values: base.subarray(i * dimension, (i + 1) * dimension) });
      await partition.upsert(records);
    }
    await partition.adoptTemplate(template);
    hits = await partition.search(queries, { k });
  } finally {
    partition.dispose();
  }
  const found = new Int32Array(nq * k).fill(-1);
  hits.forEach((row, q) => row.forEach((hit, j) => (found[q * k + j] = toNumber(hit.id))));
  const truth = exactKnn({ n: nb, d: dimension, data: base }, { n: nq, d: dimension, data: queries }, k, metric);
  return { recall: recallAtK(found, truth.ids, nq, k), k, nprobe: spec.nprobe, refine: spec.refine, queries: nq, base: nb };
}
