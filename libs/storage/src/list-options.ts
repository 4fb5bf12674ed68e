/** Options of {@link ObjectStore.list}. */
export interface ListOptions {
  /**
   * Return only keys strictly greater than this one (it need not exist). Replicas pass the key of
   * the last log segment they applied to fetch the segments after their watermark.
   * @defaultValue no lower bound
   */
  readonly startAfter?: string;
  /**
   * Return at most this many keys (a non-negative integer); page with `startAfter` set to the last
   * key returned.
   * @defaultValue every matching key
   */
  readonly limit?: number;
}
