import type { Redis } from 'ioredis';
import type { CollectionManifest } from './collection-manifest';
import type { ClusterEvent } from './cluster-event';
import { openEventSubscription, warnOnEventError, type ClusterEventErrorHandler } from './cluster-event.subscription';
import { ClusterStateError, ClusterStateErrorCode, messageOf } from './cluster-state.error';
import { ClusterStateKeys } from './cluster-state.keys';
import type { ClusterStateOptions } from './cluster-state.options';
import { CREATE_COLLECTION, DELETE_COLLECTION, HEARTBEAT, LIVE_MEMBERS, UPDATE_COLLECTION } from './cluster-state.scripts';
import type { ClusterMember } from './member';
import { closeRedis, openRedis, redactRedisUrl, type RedisConnectionOptions } from './redis-connection';

/** Compare-and-set rounds before `updateCollection` gives up with `CONFLICT`. */
const UPDATE_ATTEMPTS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function assertIndex(what: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${what} must be an integer ≥ ${min}, got ${value}`);
}

/**
 * The cluster's shared state in Redis (ADR 0004): collection manifests, per-shard log sequence
 * counters, membership leases and change events. The only class that talks to Redis; every Redis
 * failure surfaces as a {@link ClusterStateError} `UNAVAILABLE`.
 */
export class ClusterStateRepository {
  private readonly subscriptions = new Set<() => Promise<void>>();

  private constructor(
    private readonly redis: Redis,
    private readonly keys: ClusterStateKeys,
    private readonly connection: RedisConnectionOptions,
  ) {}

  /** Connects (bounded retries) and resolves a ready repository, or rejects `UNAVAILABLE` naming the URL. */
  static async connect(options: ClusterStateOptions): Promise<ClusterStateRepository> {
    const connection = { url: options.redisUrl, attempts: options.connectAttempts ?? 5, commandTimeoutMs: options.commandTimeoutMs ?? 5000 };
    const redis = await openRedis(connection);
    return new ClusterStateRepository(redis, new ClusterStateKeys(options.prefix ?? 'shoal:'), connection);
  }

  /** Closes the connection and every subscription still open. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((unsubscribe) => unsubscribe()));
    await closeRedis(this.redis);
  }

  async ping(): Promise<void> {
    await this.call('PING', () => this.redis.ping());
  }

  /** Stores a new collection; `false` (nothing written) when the name is taken. */
  async createCollection(manifest: CollectionManifest): Promise<boolean> {
    const event: ClusterEvent = { type: 'collection-changed', name: manifest.name, version: manifest.version };
    const created = await this.call('createCollection', () =>
      CREATE_COLLECTION.run(this.redis, [this.keys.collections], [manifest.name, JSON.stringify(manifest), this.keys.events, JSON.stringify(event)]),
    );
    return created === 1;
  }

  async getCollection(name: string): Promise<CollectionManifest | null> {
    const raw = await this.call('getCollection', () => this.redis.hget(this.keys.collections, name));
    return raw === null ? null : (JSON.parse(raw) as CollectionManifest);
  }

  /** Every collection, sorted by name. */
  async listCollections(): Promise<CollectionManifest[]> {
    const all = await this.call('listCollections', () => this.redis.hvals(this.keys.collections));
    return all.map((raw) => JSON.parse(raw) as CollectionManifest).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Applies `mutate` to the current manifest and stores the result with `version + 1` (the name
   * and version it returns are ignored), retrying on a concurrent change so no update is lost.
   * `mutate` may therefore run several times and must not have side effects; it gets a copy.
   * Throws `NOT_FOUND` when the collection is missing, `CONFLICT` after {@link UPDATE_ATTEMPTS}.
   */
  async updateCollection(name: string, mutate: (m: CollectionManifest) => CollectionManifest): Promise<CollectionManifest> {
    for (let attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
      const raw = await this.call('updateCollection', () => this.redis.hget(this.keys.collections, name));
      if (raw === null) throw this.notFound(name);
      const current = JSON.parse(raw) as CollectionManifest;
      const next: CollectionManifest = { ...mutate(structuredClone(current)), name, version: current.version + 1 };
      const event: ClusterEvent = { type: 'collection-changed', name, version: next.version };
      const result = await this.call('updateCollection', () =>
        UPDATE_COLLECTION.run(this.redis, [this.keys.collections], [name, raw, JSON.stringify(next), this.keys.events, JSON.stringify(event)]),
      );
      if (result === 1) return next;
      if (result === -1) throw this.notFound(name);
      // Lost the race: back off a little (with jitter) so contending callers spread out.
      await sleep(Math.random() * Math.min(attempt, 10) * 2);
    }
    throw new ClusterStateError(ClusterStateErrorCode.Conflict, `Collection "${name}" kept changing: gave up after ${UPDATE_ATTEMPTS} attempts`);
  }

  /** Deletes the manifest and the shards' sequence counters; `false` when it did not exist. */
  async deleteCollection(name: string): Promise<boolean> {
    const manifest = await this.getCollection(name);
    if (manifest === null) return false;
    const seqKeys = Array.from({ length: manifest.shards }, (_, shard) => this.keys.seq(name, shard));
    const event: ClusterEvent = { type: 'collection-deleted', name };
    const deleted = await this.call('deleteCollection', () =>
      DELETE_COLLECTION.run(this.redis, [this.keys.collections, ...seqKeys], [name, this.keys.events, JSON.stringify(event)]),
    );
    return deleted === 1;
  }

  /** Allocates the next log sequence number of a shard: 1, 2, 3… */
  async nextSeq(collection: string, shard: number): Promise<number> {
    assertIndex('shard', shard, 0);
    return this.call('nextSeq', () => this.redis.incr(this.keys.seq(collection, shard)));
  }

  /** The last allocated sequence number of a shard (allocated, not necessarily written); 0 when none. */
  async currentSeq(collection: string, shard: number): Promise<number> {
    assertIndex('shard', shard, 0);
    const value = await this.call('currentSeq', () => this.redis.get(this.keys.seq(collection, shard)));
    return value === null ? 0 : Number(value);
  }

  /** Announces (or renews) a member for `leaseMs`, timed by the Redis clock. */
  async heartbeat(member: ClusterMember, leaseMs: number): Promise<void> {
    assertIndex('leaseMs', leaseMs, 1);
    await this.call('heartbeat', () =>
      HEARTBEAT.run(this.redis, [this.keys.member(member.id), this.keys.members], [JSON.stringify(member), leaseMs, member.id]),
    );
  }

  /** Withdraws a member at once (clean shutdown) instead of waiting for its lease to expire. */
  async leave(id: string): Promise<void> {
    await this.call('leave', () => this.redis.multi().del(this.keys.member(id)).zrem(this.keys.members, id).exec());
  }

  /** Members whose lease has not expired, optionally of one role, sorted by id; prunes expired ones. */
  async liveMembers(role?: ClusterMember['role']): Promise<ClusterMember[]> {
    const raw = (await this.call('liveMembers', () => LIVE_MEMBERS.run(this.redis, [this.keys.members], [this.keys.memberPrefix]))) as string[];
    return raw
      .map((json) => JSON.parse(json) as ClusterMember)
      .filter((member) => role === undefined || member.role === role)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async publish(event: ClusterEvent): Promise<void> {
    await this.call('publish', () => this.redis.publish(this.keys.events, JSON.stringify(event)));
  }

  /**
   * Delivers every event published after this resolves, on a connection of its own; resolves the
   * function that unsubscribes. Malformed messages and handler exceptions go to `onError`
   * (default: a process warning).
   */
  async subscribe(handler: (event: ClusterEvent) => void, onError: ClusterEventErrorHandler = warnOnEventError): Promise<() => Promise<void>> {
    const close = await openEventSubscription(this.connection, this.keys.events, handler, onError);
    const unsubscribe = async () => {
      this.subscriptions.delete(unsubscribe);
      await close();
    };
    this.subscriptions.add(unsubscribe);
    return unsubscribe;
  }

  private notFound(name: string): ClusterStateError {
    return new ClusterStateError(ClusterStateErrorCode.NotFound, `Collection "${name}" does not exist`);
  }

  /** Runs one Redis call, turning driver failures into `UNAVAILABLE` errors that name the server. */
  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ClusterStateError) throw error;
      throw new ClusterStateError(
        ClusterStateErrorCode.Unavailable,
        `Redis ${operation} failed at ${redactRedisUrl(this.connection.url)}: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }
}
