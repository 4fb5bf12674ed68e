/** Per-request search settings; nothing here changes the index for later calls. */
export interface FaissSearchOptions {
  /**
   * IVF lists to probe for this request only (faiss `SearchParametersIVF.nprobe`). Ignored for
   * indexes without an IVF level. Values above nlist behave as nlist.
   * @defaultValue the index's own nprobe (1 for a new or loaded index)
   */
  nprobe?: number;
  /**
   * Only these labels may be returned. IVF indexes filter while scanning their lists
   * (`IDSelectorBatch`), so results still depend on nprobe. Flat/PQ/HNSW indexes scan the allowed
   * vectors exactly: cost O(queries × allowedIds).
   */
  allowedIds?: BigInt64Array;
}
