import { rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { ClusterStateRepository } from '@shoal/cluster-state';
import type { CollectionInfo, ErrorBody } from '@shoal/contracts';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { startRedisServer, tempDir, waitFor, type RunningRedisServer } from '@shoal/testing';
import pino from 'pino';
import { CoordinatorConfig } from '../common/coordinator.config';
import { startCoordinator, type RunningCoordinator } from '../coordinator.app';
import { FakeShard } from './fake-shard.server';

const CLUSTER_TOKEN = 'e2e-cluster-token-0123456789';
const PREFIX = 'e2e:';

export interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * The coordinator in-process on a free port, with a private redis-server, a filesystem object store
 * in a temporary directory and two fake shard workers (shard-a, shard-b) announced in that Redis.
 */
export class CoordinatorHarness {
  private constructor(
    private readonly redis: RunningRedisServer,
    private readonly dataDir: string,
    readonly coordinator: RunningCoordinator,
    readonly repo: ClusterStateRepository,
    readonly store: ObjectStore,
    readonly shardA: FakeShard,
    readonly shardB: FakeShard,
  ) {}

  /** `env` adds to or overrides the coordinator's test environment (API keys, timeouts…). */
  static async start(env: Record<string, string> = {}): Promise<CoordinatorHarness> {
    const redis = await startRedisServer();
    const dataDir = await tempDir('shoal-coordinator-e2e-');
    const config = CoordinatorConfig.fromEnv({
      REDIS_URL: redis.url,
      SHOAL_REDIS_PREFIX: PREFIX,
      SHOAL_PORT: '0',
      SHOAL_STORAGE: 'fs',
      SHOAL_DATA_DIR: dataDir,
      SHOAL_CLUSTER_TOKEN: CLUSTER_TOKEN,
      SHOAL_MEMBER_REFRESH_MS: '50',
      // Fake shards announce their partitions when a test says so, not on placement.
      SHOAL_CREATE_READY_TIMEOUT_MS: '0',
      SHOAL_SEARCH_TIMEOUT_MS: '1000',
      SHOAL_COORDINATOR_ID: 'coordinator-e2e',
      ...env,
    });
    const coordinator = await startCoordinator(config, pino({ level: 'silent' }));
    const repo = await ClusterStateRepository.connect({ redisUrl: redis.url, prefix: PREFIX });
    const store = await createObjectStore(config.storage);
    const shardA = await FakeShard.start('shard-a', store, repo, CLUSTER_TOKEN);
    const shardB = await FakeShard.start('shard-b', store, repo, CLUSTER_TOKEN);
    await Promise.all([shardA.heartbeat(), shardB.heartbeat()]);
    return new CoordinatorHarness(redis, dataDir, coordinator, repo, store, shardA, shardB);
  }

  /** Headers every {@link call} sends unless it overrides them (e.g. an Authorization header). */
  defaultHeaders: Record<string, string> = {};

  async stop(): Promise<void> {
    await this.coordinator.close();
    await Promise.all([this.shardA.stop(), this.shardB.stop()]);
    await this.repo.close();
    await this.redis.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** One request; `T` is the body shape the test expects (the error format by default). */
  async call<T = ErrorBody>(method: string, path: string, body?: unknown, rawBody?: string, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...this.defaultHeaders, ...headers } };
    if (body !== undefined || rawBody !== undefined) {
      init.body = rawBody ?? JSON.stringify(body);
      init.headers = { 'content-type': 'application/json', ...init.headers };
    }
    const response = await fetch(`${this.coordinator.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T, headers: response.headers };
  }

  /** Creates a flat 2-d, 2-shard, 1-replica l2 collection, with `extra` overriding any field. */
  create<T = CollectionInfo>(name: string, extra: Record<string, unknown> = {}): Promise<Reply<T>> {
    return this.call<T>('POST', '/v1/collections', { name, dimension: 2, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' }, ...extra });
  }

  /** Each fake hosts the shards the coordinator placed on it, as real shard workers do, and heartbeats. */
  async hostAsPlaced(collection: string): Promise<void> {
    const placement = (await this.repo.getCollection(collection))?.placement ?? [];
    for (const fake of [this.shardA, this.shardB]) fake.host(collection, placement.flatMap((workers, s) => (workers.includes(fake.id) ? [s] : [])));
    await Promise.all([this.shardA.heartbeat(), this.shardB.heartbeat()]);
  }

  /** Every object key under the collection and every shard's seq counter: a rejected write changes neither. */
  async writeState(collection: string, shards: number): Promise<string> {
    const keys = await this.store.list(`collections/${collection}/`);
    const seqs = await Promise.all(Array.from({ length: shards }, (_, s) => this.repo.currentSeq(collection, s)));
    return JSON.stringify({ keys, seqs });
  }

  /** Waits until the coordinator's replica view (refreshed every 50 ms) lets every shard answer. */
  async untilSearchable(collection: string, body: Record<string, unknown> = {}): Promise<void> {
    await waitFor(async () => (await this.call('POST', `/v1/collections/${collection}/search`, { queries: [[0, 0]], k: 1, ...body })).status === 200, {
      description: `${collection} searchable`,
    });
  }

  /** Sends `bytes` of body; Fastify refuses by Content-Length, possibly before it is all sent. */
  sendOversized(method: string, path: string, bytes: number): Promise<Reply<ErrorBody>> {
    return new Promise((resolve, reject) => {
      const headers = { 'content-type': 'application/json', 'content-length': bytes };
      const req = httpRequest(`${this.coordinator.url}${path}`, { method, headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as ErrorBody, headers: new Headers(res.headers as Record<string, string>) }));
      });
      // The server may answer and close before the whole body is sent; that is the point.
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      const chunk = Buffer.alloc(1 << 20, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < bytes) {
          const size = Math.min(chunk.length, bytes - sent);
          sent += size;
          if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
  }
}
