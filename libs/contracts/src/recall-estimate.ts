/**
 * How well an index built from an IVF-PQ template finds the exact nearest neighbours: what
 * `@shoal/engine`'s `estimateRecall` measures, and what the training job records in a generation's
 * `template.json` (measured on vectors held out of the template's training sample).
 */
export interface RecallEstimate {
  /** Mean recall@k over the queries against exact search: the share of the exact top-k found, 0 to 1. */
  recall: number;
  /** Neighbours asked per query. */
  k: number;
  /** Probes per query used: the spec's default. */
  nprobe: number;
  /** Re-rank factor used: the spec's default. */
  refine: number;
  /** Query vectors (held out of the template's training sample). */
  queries: number;
  /** Vectors indexed for the estimate. */
  base: number;
}
