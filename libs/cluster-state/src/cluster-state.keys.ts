/** Redis key layout of ADR 0004; every key and the channel start with the configured prefix. */
export class ClusterStateKeys {
  constructor(readonly prefix: string) {}

  /** Hash: collection name → manifest JSON. */
  get collections(): string {
    return `${this.prefix}collections`;
  }

  /** Pub/sub channel of {@link ClusterEvent}s. */
  get events(): string {
    return `${this.prefix}events`;
  }

  /** Sorted set: member id scored by lease expiry (ms, Redis clock). */
  get members(): string {
    return `${this.prefix}members`;
  }

  /** Prefix of the per-member keys, for the script that reads them all. */
  get memberPrefix(): string {
    return `${this.prefix}member:`;
  }

  member(id: string): string {
    return `${this.memberPrefix}${id}`;
  }

  /** Counter whose INCR allocates the next log sequence number of a shard. */
  seq(collection: string, shard: number): string {
    return `${this.prefix}seq:${collection}:${shard}`;
  }
}
