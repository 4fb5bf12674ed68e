/** Settings of {@link ClusterStateRepository.connect}. */
export interface ClusterStateOptions {
  /** `redis://[:password@]host:port[/db]` (or `rediss://` for TLS); the password never appears in errors. */
  redisUrl: string;
  /**
   * Start of every key and of the events channel, so clusters and test runs can share one Redis
   * (`SHOAL_REDIS_PREFIX`).
   * @defaultValue 'shoal:'
   */
  prefix?: string;
  /**
   * Connection attempts before `connect` (or `subscribe`) gives up with `UNAVAILABLE`, with
   * backoff 100, 200, 400… ms between them. Once connected, the client reconnects forever.
   * @defaultValue 5
   */
  connectAttempts?: number;
  /**
   * A command that gets no answer within this long fails with `UNAVAILABLE`, so a hung Redis
   * fails heartbeats and health checks instead of stalling them.
   * @defaultValue 5000
   */
  commandTimeoutMs?: number;
}
