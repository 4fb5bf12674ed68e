/** One validated vector of an import file, ready to route by id to its shard. */
export interface ImportRecord {
  /** `idPrefix` followed by the file's id (jsonl) or the record's ordinal (fvecs, npy). */
  id: string;
  /** Exactly `dimension` finite float32 values. */
  values: Float32Array;
  /** jsonl only: the record's metadata object, when it has one. */
  metadata?: Record<string, unknown>;
}
