/** Results for nq queries, row-major: row q holds entries [q*k, (q+1)*k), best first. */
export interface FaissSearchResult {
  /** Squared L2 distances or inner products. Empty slots hold ±3.4e38 (the float limit). */
  distances: Float32Array;
  /** Ids given to `addWithIds`; `-1n` marks an empty slot (fewer than k candidates). */
  labels: BigInt64Array;
}
