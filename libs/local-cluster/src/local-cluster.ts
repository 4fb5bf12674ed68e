import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { freePort } from '@shoal/process-utils';
import { type AppProcess, startApp } from './app-process';
import { type EmbeddedRedis, startEmbeddedRedis } from './embedded-redis';

export interface LocalClusterOptions {
  /** Where Redis (AOF), the filesystem object store and the shards' local partitions live. @defaultValue ./data */
  dataDir: string;
  host: string;
  /** Coordinator port (0 = any free port). @defaultValue 7700 */
  port: number;
  /** Shard worker processes. @defaultValue 2 */
  shards: number;
  /** Index worker processes (BullMQ consumers: training, shard builds, imports). @defaultValue 1 */
  workers?: number;
  /** faiss | mock. @defaultValue faiss */
  backend: 'faiss' | 'mock';
  /** Forward the apps' logs to stderr. */
  verbose: boolean;
  /** An existing Redis instead of the embedded one. @defaultValue process.env.REDIS_URL */
  redisUrl?: string;
  /** Extra environment for every app (e.g. S3_ENDPOINT and credentials, SHOAL_REDIS_PREFIX). */
  env?: NodeJS.ProcessEnv;
}

export interface LocalCluster {
  url: string;
  clusterToken: string;
  redisUrl: string;
  shards: (AppProcess | null)[];
  workers: (AppProcess | null)[];
  coordinator: AppProcess;
  /** kill -9 (default) or SIGTERM one shard worker. */
  stopShard(index: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts shard worker `index` again with the same id and port; `wipeLocal` deletes its local disk first. */
  startShard(index: number, options?: { wipeLocal?: boolean }): Promise<AppProcess>;
  /** kill -9 (default) or SIGTERM one index worker. */
  stopWorker(index: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts index worker `index` again with the same id and port. */
  startWorker(index: number): Promise<AppProcess>;
  stop(): Promise<void>;
}

/**
 * The local cluster of `npm start` and of the e2e tests: a private redis-server (unless a Redis URL
 * is given), the filesystem object store under dataDir (unless S3_ENDPOINT is set), N shard workers,
 * index workers and one coordinator, each a real process. `stop()` stops everything, in reverse order.
 */
export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const dataDir = resolve(options.dataDir);
  const env = { ...options.env };
  const quiet = !options.verbose;
  let redis: EmbeddedRedis | null = null;
  const shards: (AppProcess | null)[] = [];
  const workers: (AppProcess | null)[] = [];
  let coordinator: AppProcess | null = null;
  const stopAll = async () => {
    await coordinator?.stop().catch(() => undefined);
    for (const worker of workers) await worker?.stop().catch(() => undefined);
    for (const shard of shards) await shard?.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
  };
  try {
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? (redis = await startEmbeddedRedis(resolve(dataDir, 'redis'), await freePort())).url;
    const clusterToken = env.SHOAL_CLUSTER_TOKEN ?? process.env.SHOAL_CLUSTER_TOKEN ?? randomBytes(24).toString('hex');
    const s3 = env.S3_ENDPOINT ?? process.env.S3_ENDPOINT;
    const common: NodeJS.ProcessEnv = { REDIS_URL: redisUrl, SHOAL_CLUSTER_TOKEN: clusterToken, SHOAL_DATA_DIR: dataDir, ...(s3 ? {} : { SHOAL_STORAGE: 'fs' }), ...env };
    const shardPorts: number[] = [];
    // The shard app keeps its partitions under $SHOAL_DATA_DIR/shards/<worker id>.
    const shardDir = (i: number) => resolve(dataDir, 'shards', `shard-${i}`);
    const startShard = async (i: number, opts: { wipeLocal?: boolean } = {}) => {
      if (opts.wipeLocal) await rm(shardDir(i), { recursive: true, force: true });
      shardPorts[i] ??= await freePort();
      const shard = await startApp(`shard-${i}`, 'shard', `http://${options.host}:${shardPorts[i]}`, {
        ...common,
        SHOAL_WORKER_ID: `shard-${i}`,
        SHOAL_SHARD_HOST: options.host,
        SHOAL_SHARD_PORT: String(shardPorts[i]),
        SHOAL_BACKEND: options.backend,
      }, quiet);
      shards[i] = shard;
      return shard;
    };
    for (let i = 0; i < options.shards; i++) await startShard(i);
    const workerPorts: number[] = [];
    const startWorker = async (i: number) => {
      workerPorts[i] ??= await freePort();
      const worker = await startApp(`worker-${i}`, 'worker', `http://${options.host}:${workerPorts[i]}`, {
        ...common,
        SHOAL_WORKER_ID: `worker-${i}`,
        SHOAL_WORKER_HOST: options.host,
        SHOAL_WORKER_PORT: String(workerPorts[i]),
        SHOAL_BACKEND: options.backend,
      }, quiet);
      workers[i] = worker;
      return worker;
    };
    for (let i = 0; i < (options.workers ?? 1); i++) await startWorker(i);
    const port = options.port || (await freePort());
    const url = `http://${options.host}:${port}`;
    coordinator = await startApp('coordinator', 'coordinator', url, { ...common, SHOAL_HOST: options.host, SHOAL_PORT: String(port), SHOAL_COORDINATOR_ID: 'coordinator-0' }, quiet);
    return {
      url,
      clusterToken,
      redisUrl,
      shards,
      workers,
      coordinator,
      async stopShard(index, signal = 'SIGKILL') {
        await shards[index]?.stop(signal);
        shards[index] = null;
      },
      startShard,
      async stopWorker(index, signal = 'SIGKILL') {
        await workers[index]?.stop(signal);
        workers[index] = null;
      },
      startWorker,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
