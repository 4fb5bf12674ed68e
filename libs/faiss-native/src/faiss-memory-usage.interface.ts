/**
 * Bytes the index really holds (vector capacities, not sizes), as of the last completed
 * mutation. Call `compact()` to release the slack left by growth and removals.
 */
export interface FaissMemoryUsage {
  /** Per-vector codes: inverted-list codes, or the flat/PQ/SQ code array. */
  codesBytes: number;
  /** Stored ids: inverted-list ids, or the IndexIDMap2 id map (its hash map is estimated). */
  idsBytes: number;
  /** Coarse quantizer: flat centroids, or the whole HNSW (graph and vectors). */
  quantizerBytes: number;
  /** PQ/SQ tables, IVF-PQ precomputed tables, transforms, an HNSW graph over the data. */
  otherBytes: number;
  totalBytes: number;
}
