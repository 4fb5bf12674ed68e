import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';
import { requireFaiss, type EngineBackend } from '@shoal/engine';
import { ConfigError, EnvReader, readLogLevel, readRedis, readStorage, type LogLevel } from '@shoal/config';
import type { StorageConfig } from '@shoal/storage';

type Env = Readonly<Record<string, string | undefined>>;

/** Everything a shard worker reads from its environment, validated once at boot. */
export interface ShardConfig {
  /** Stable identity: placement lists it, so a restarted worker resumes its partitions. */
  workerId: string;
  /** False when the id was derived from host name and port, which is not stable across restarts on port 0. */
  workerIdFromEnv: boolean;
  host: string;
  /** 0 only before {@link resolveShardConfig} picked a free port. */
  port: number;
  /** Base URL coordinators use to reach this worker (announced in heartbeats). */
  advertiseUrl: string;
  redis: { url: string; prefix: string };
  storage: StorageConfig;
  /** Local partitions of this worker: `{SHOAL_DATA_DIR}/shards/{workerId}`. */
  dataDir: string;
  clusterToken: string;
  backend: EngineBackend;
  snapshot: {
    /** Upload a snapshot after this many applied segments. @defaultValue 200 */
    everySegments: number;
    /** ...or after this long when anything changed. @defaultValue 30000 */
    intervalMs: number;
  };
  log: {
    /** How often each partition lists the log after its watermark. @defaultValue 1000 */
    pollMs: number;
    /** How long a missing sequence number may stay missing before it is sealed. @defaultValue 5000 */
    holeMs: number;
  };
  membership: { heartbeatMs: number; leaseMs: number };
  /** Log segments a partition may lag its shard's allocated seq and still count as ready. @defaultValue 50 */
  readyMaxLag: number;
  /** pino level. @defaultValue 'info' */
  logLevel: LogLevel;
}

export interface ParseOptions {
  /** Throws with the reason when the Faiss addon cannot load. @defaultValue requireFaiss from @shoal/engine */
  probeFaiss?: () => void;
  hostname?: string;
}

const WORKER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MIN_TOKEN_CHARS = 16;
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** Parses and validates the environment; throws {@link ConfigError} listing every bad variable. */
export function parseShardConfig(env: Env, options: ParseOptions = {}): ShardConfig {
  const read = new EnvReader(env);
  const machine = options.hostname ?? osHostname();
  const host = read.string('SHOAL_SHARD_HOST', '127.0.0.1');
  const port = read.integer('SHOAL_SHARD_PORT', 0, 0, 65535);

  const explicitId = read.raw('SHOAL_WORKER_ID');
  if (explicitId !== undefined && !WORKER_ID.test(explicitId)) {
    read.problem(`SHOAL_WORKER_ID="${explicitId}" must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  const workerId = explicitId ?? `shard-${machine}-${port}`.replace(/[^A-Za-z0-9._-]/g, '-');

  const advertiseHost = WILDCARD_HOSTS.has(host) ? machine : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const advertiseUrl =
    read.url('SHOAL_ADVERTISE_URL', read.raw('SHOAL_ADVERTISE_URL'), ['http:', 'https:'], 'http://shard-0.shoal:7100') ??
    `http://${advertiseHost}:${port}`;

  const redis = readRedis(read);

  const storage = readStorage(env, read);
  const dataDir = resolve(read.string('SHOAL_DATA_DIR', './data'), 'shards', workerId);

  const clusterToken = read.required('SHOAL_CLUSTER_TOKEN', `a shared secret of at least ${MIN_TOKEN_CHARS} characters`);
  if (clusterToken !== '' && clusterToken.length < MIN_TOKEN_CHARS) {
    // The value is a secret: report its length only.
    read.problem(`SHOAL_CLUSTER_TOKEN must be at least ${MIN_TOKEN_CHARS} characters (it has ${clusterToken.length})`);
  }

  const backend = read.oneOf<EngineBackend>('SHOAL_BACKEND', 'faiss', ['faiss', 'mock']);
  if (backend === 'faiss') probeFaiss(read, options.probeFaiss ?? requireFaiss);

  const everySegments = read.integer('SHOAL_SNAPSHOT_EVERY', 200, 1, 1_000_000);
  const intervalMs = read.integer('SHOAL_SNAPSHOT_INTERVAL_MS', 30_000, 100, 86_400_000);
  const pollMs = read.integer('SHOAL_LOG_POLL_MS', 1000, 10, 600_000);
  const holeMs = read.integer('SHOAL_LOG_HOLE_MS', 5000, 0, 3_600_000);
  const heartbeatMs = read.integer('SHOAL_HEARTBEAT_MS', 1000, 10, 600_000);
  const leaseMs = read.integer('SHOAL_LEASE_MS', 5000, 20, 3_600_000);
  if (leaseMs < 2 * heartbeatMs) {
    read.problem(`SHOAL_LEASE_MS=${leaseMs} must be at least twice SHOAL_HEARTBEAT_MS=${heartbeatMs}, or one late heartbeat marks the worker dead`);
  }

  const readyMaxLag = read.integer('SHOAL_READY_MAX_LAG', 50, 0, 1_000_000);
  const logLevel = readLogLevel(read);

  if (read.problems.length > 0) throw new ConfigError('shard', read.problems);
  return {
    workerId,
    workerIdFromEnv: explicitId !== undefined,
    host,
    port,
    advertiseUrl: advertiseUrl.replace(/\/+$/, ''),
    redis,
    storage,
    dataDir,
    clusterToken,
    backend,
    snapshot: { everySegments, intervalMs },
    log: { pollMs, holeMs },
    membership: { heartbeatMs, leaseMs },
    readyMaxLag,
    logLevel,
  };
}

/**
 * Parses the environment and, for SHOAL_SHARD_PORT=0, picks a free port first so that the worker
 * id, advertised URL and data directory that derive from it are final before anything starts.
 */
export async function resolveShardConfig(env: Env, pickPort: (host: string) => Promise<number>, options: ParseOptions = {}): Promise<ShardConfig> {
  const config = parseShardConfig(env, options);
  if (config.port !== 0) return config;
  return parseShardConfig({ ...env, SHOAL_SHARD_PORT: String(await pickPort(config.host)) }, options);
}

function probeFaiss(read: EnvReader, probe: () => void): void {
  try {
    probe();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    read.problem(`SHOAL_BACKEND=faiss but the Faiss backend cannot load (${reason}); set SHOAL_BACKEND=mock for the exact brute-force mock`);
  }
}
