/** What {@link parseSegmentKey} reads back from a log segment key. */
export interface SegmentKeyParts {
  readonly collection: string;
  /** Shard number, `hash(id) mod S`. */
  readonly shard: number;
  /** The segment's per-shard sequence number. */
  readonly seq: number;
}
