import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError, EnvReader, readLogLevel, readRedis, readStorage, type LogLevel } from '@shoal/config';
import { requireFaiss, type EngineBackend } from '@shoal/engine';
import type { StorageConfig } from '@shoal/storage';

type Env = Readonly<Record<string, string | undefined>>;

/** Everything an index worker reads from its environment, validated once at boot. */
export interface WorkerConfig {
  workerId: string;
  /** Health endpoint. @defaultValue 127.0.0.1 (`SHOAL_WORKER_HOST`) */
  host: string;
  /** @defaultValue 0 = a free port (`SHOAL_WORKER_PORT`) */
  port: number;
  redis: { url: string; prefix: string };
  storage: StorageConfig;
  /** Scratch space for shard builds: `{SHOAL_DATA_DIR}/workers/{workerId}`. */
  scratchDir: string;
  /** faiss trains and builds IVF-PQ; the mock cannot train (training jobs fail saying so). @defaultValue faiss (`SHOAL_BACKEND`) */
  backend: EngineBackend;
  jobs: {
    /** Index jobs (train, shard builds) run at once by this worker. @defaultValue 1 (`SHOAL_INDEX_CONCURRENCY`) */
    indexConcurrency: number;
    /** Import jobs run at once. @defaultValue 1 (`SHOAL_IMPORT_CONCURRENCY`) */
    importConcurrency: number;
    /** A job whose worker stops renewing its lock this long is handed to another worker. @defaultValue 30000 (`SHOAL_JOB_LOCK_MS`) */
    lockMs: number;
  };
  training: {
    /** Vectors kept out of the training sample to estimate recall. @defaultValue 500 (`SHOAL_TRAIN_HELD_OUT`) */
    heldOut: number;
  };
  imports: {
    /** Records per committed import batch (one log segment per shard). @defaultValue 1000 (`SHOAL_IMPORT_BATCH`) */
    batchSize: number;
  };
  /** How long a missing log sequence number may stay missing before it is sealed. @defaultValue 5000 (`SHOAL_LOG_HOLE_MS`) */
  logHoleMs: number;
  logLevel: LogLevel;
}

const WORKER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface WorkerParseOptions {
  /** Throws with the reason when the Faiss addon cannot load. @defaultValue requireFaiss */
  probeFaiss?: () => void;
  hostname?: string;
  pid?: number;
}

/** Parses and validates the environment; throws {@link ConfigError} listing every bad variable. */
export function parseWorkerConfig(env: Env, options: WorkerParseOptions = {}): WorkerConfig {
  const read = new EnvReader(env);
  const workerId = read.string('SHOAL_WORKER_ID', `worker-${options.hostname ?? osHostname()}-${options.pid ?? process.pid}`.replace(/[^A-Za-z0-9._-]/g, '-'));
  if (!WORKER_ID.test(workerId)) read.problem(`SHOAL_WORKER_ID="${workerId}" must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  const backend = read.oneOf<EngineBackend>('SHOAL_BACKEND', 'faiss', ['faiss', 'mock']);
  if (backend === 'faiss') {
    try {
      (options.probeFaiss ?? requireFaiss)();
    } catch (error) {
      read.problem(`SHOAL_BACKEND=faiss but the Faiss backend cannot load (${error instanceof Error ? error.message : String(error)}); with SHOAL_BACKEND=mock this worker imports but cannot train`);
    }
  }
  const config: WorkerConfig = {
    workerId,
    host: read.string('SHOAL_WORKER_HOST', '127.0.0.1'),
    port: read.integer('SHOAL_WORKER_PORT', 0, 0, 65535),
    redis: readRedis(read),
    storage: readStorage(env, read),
    scratchDir: resolve(read.string('SHOAL_DATA_DIR', './data'), 'workers', workerId),
    backend,
    jobs: {
      indexConcurrency: read.integer('SHOAL_INDEX_CONCURRENCY', 1, 1, 64),
      importConcurrency: read.integer('SHOAL_IMPORT_CONCURRENCY', 1, 1, 64),
      lockMs: read.integer('SHOAL_JOB_LOCK_MS', 30_000, 500, 3_600_000),
    },
    training: { heldOut: read.integer('SHOAL_TRAIN_HELD_OUT', 500, 0, 100_000) },
    imports: { batchSize: read.integer('SHOAL_IMPORT_BATCH', 1000, 1, 100_000) },
    logHoleMs: read.integer('SHOAL_LOG_HOLE_MS', 5000, 0, 3_600_000),
    logLevel: readLogLevel(read),
  };
  if (read.problems.length > 0) throw new ConfigError('worker', read.problems);
  return config;
}
