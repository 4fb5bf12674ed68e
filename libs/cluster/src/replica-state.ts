/**
 * Lifecycle of one replica of one shard (after qdrant's `ReplicaState`). The coordinator keeps one
 * per (shard, worker) and only sends reads to `Active` replicas.
 */
export enum ReplicaState {
  /** Assigned to the worker, loading its first index file; holds no data yet and serves nothing. */
  Initializing = 'initializing',
  /** Loaded and caught up with the shard log as far as it has been told; serves reads. */
  Active = 'active',
  /** Was active, fell behind (restart, missed segments); replaying the log from S3 past its watermark. */
  Recovering = 'recovering',
  /** Unreachable or failed beyond retry; the placement should replace it. */
  Dead = 'dead',
}

/** Whether a replica in `state` may answer searches. */
export function servesReads(state: ReplicaState): boolean {
  return state === ReplicaState.Active;
}

/** When a write (upsert or delete) is acknowledged to the client. */
export enum WriteAck {
  /**
   * The shard's log segment is stored in object storage with its sequence number: the write
   * survives the loss of every shard process, but a search may not see it yet. The default; use the
   * returned consistency token to read your own writes.
   */
  Durable = 'durable',
  /**
   * Durable, and every `Active` replica of each shard involved has applied it: any later search sees
   * it without a token. Slower, and fails when a replica cannot apply it in time.
   */
  Visible = 'visible',
}
