import { hostname } from 'node:os';
import { checkDisjointKeyLists, parseApiKeyList } from '../auth/api-key-list';
import { isStorageError, parseStorageConfig, type StorageConfig } from '@shoal/storage';

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A start-up configuration that cannot run; `problems` names every bad variable and its rule. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid coordinator configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * The coordinator's settings, read from the environment once at boot (the only place that reads
 * `process.env`). The class is the Nest DI token.
 */
export class CoordinatorConfig {
  /** Interface to listen on. @defaultValue '127.0.0.1' (`SHOAL_HOST`) */
  readonly host: string;
  /** Port of the public API; 0 picks a free one. @defaultValue 7700 (`SHOAL_PORT`) */
  readonly port: number;
  /** Cluster state (`REDIS_URL`, required). */
  readonly redisUrl: string;
  /** Prefix of every Redis key of this cluster. @defaultValue 'shoal:' (`SHOAL_REDIS_PREFIX`) */
  readonly redisPrefix: string;
  /** Where the shard logs live (`SHOAL_STORAGE`, `SHOAL_DATA_DIR`, `S3_*`; see @shoal/storage). */
  readonly storage: StorageConfig;
  /** Shared secret presented to shard workers (`SHOAL_CLUSTER_TOKEN`, required, ≥ 16 characters). */
  readonly clusterToken: string;
  /** Deadline of a search, fan-out and retries included. @defaultValue 2000 (`SHOAL_SEARCH_TIMEOUT_MS`) */
  readonly searchTimeoutMs: number;
  /** How often the replica view is rebuilt from heartbeats. @defaultValue 500 (`SHOAL_MEMBER_REFRESH_MS`) */
  readonly memberRefreshMs: number;
  /** How long a create waits for every placed replica to report the partition active (0 = no wait). @defaultValue 10000 (`SHOAL_CREATE_READY_TIMEOUT_MS`) */
  readonly createReadyTimeoutMs: number;
  /**
   * Training memory one job may use, as estimated by the preflight (`@shoal/jobs`): a request
   * whose sample needs more is refused with a 400 before anything is queued.
   * @defaultValue 8 GiB (`SHOAL_TRAIN_MAX_BYTES`)
   */
  readonly trainMaxBytes: number;
  /** Attempts of a queued job before it fails for good. @defaultValue 3 (`SHOAL_JOB_ATTEMPTS`) */
  readonly jobAttempts: number;
  /**
   * How often collections created with `autoTrain` are checked for enough vectors to start their
   * first training. @defaultValue 2000 (`SHOAL_AUTO_TRAIN_INTERVAL_MS`)
   */
  readonly autoTrainIntervalMs: number;
  /** This process's member id. @defaultValue `coordinator-{hostname}-{pid}` (`SHOAL_COORDINATOR_ID`) */
  readonly coordinatorId: string;
  /** pino level. @defaultValue 'info' (`SHOAL_LOG_LEVEL`) */
  readonly logLevel: LogLevel;
  /**
   * Read-write API keys of the public API, comma-separated (`SHOAL_API_KEYS`). With no key at all
   * (neither list) the API is open, which start-up logs as a warning. @defaultValue none
   */
  readonly apiKeys: readonly string[];
  /** Keys that may read and search but not change anything (`SHOAL_READ_ONLY_API_KEYS`). @defaultValue none */
  readonly readOnlyApiKeys: readonly string[];
  /**
   * Longest time to receive a whole request, headers and body, before the connection is answered
   * 408 and closed: a slow or stalled client cannot hold a socket forever. @defaultValue 60000 (`SHOAL_REQUEST_TIMEOUT_MS`)
   */
  readonly requestTimeoutMs: number;

  constructor(values: CoordinatorConfig) {
    this.host = values.host;
    this.port = values.port;
    this.redisUrl = values.redisUrl;
    this.redisPrefix = values.redisPrefix;
    this.storage = values.storage;
    this.clusterToken = values.clusterToken;
    this.searchTimeoutMs = values.searchTimeoutMs;
    this.memberRefreshMs = values.memberRefreshMs;
    this.createReadyTimeoutMs = values.createReadyTimeoutMs;
    this.trainMaxBytes = values.trainMaxBytes;
    this.jobAttempts = values.jobAttempts;
    this.autoTrainIntervalMs = values.autoTrainIntervalMs;
    this.coordinatorId = values.coordinatorId;
    this.logLevel = values.logLevel;
    this.apiKeys = values.apiKeys;
    this.readOnlyApiKeys = values.readOnlyApiKeys;
    this.requestTimeoutMs = values.requestTimeoutMs;
  }

  /** Parses and validates `env`; throws one {@link ConfigError} listing every bad variable. */
  static fromEnv(env: Env): CoordinatorConfig {
    const problems: string[] = [];
    const read = (name: string): string | undefined => {
      const value = env[name]?.trim();
      return value === undefined || value === '' ? undefined : value;
    };
    const integer = (name: string, fallback: number, min: number, max: number): number => {
      const text = read(name);
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < min || value > max) {
        problems.push(`${name}="${text}" must be an integer from ${min} to ${max}`);
        return fallback;
      }
      return value;
    };

    const redisUrl = read('REDIS_URL');
    if (redisUrl === undefined) problems.push('REDIS_URL is required (e.g. redis://127.0.0.1:6379)');
    else if (!/^rediss?:\/\/[^/\s]+/.test(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');

    const clusterToken = read('SHOAL_CLUSTER_TOKEN');
    if (clusterToken === undefined) problems.push('SHOAL_CLUSTER_TOKEN is required (a shared secret of at least 16 characters)');
    else if (clusterToken.length < 16) problems.push(`SHOAL_CLUSTER_TOKEN must be at least 16 characters (it has ${clusterToken.length})`);

    const coordinatorId = read('SHOAL_COORDINATOR_ID') ?? `coordinator-${hostname()}-${process.pid}`;
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(coordinatorId)) {
      problems.push(`SHOAL_COORDINATOR_ID="${coordinatorId}" must be 1 to 128 letters, digits, ".", "_" or "-"`);
    }

    const logLevel = (read('SHOAL_LOG_LEVEL') ?? 'info') as LogLevel;
    if (!LOG_LEVELS.includes(logLevel)) problems.push(`SHOAL_LOG_LEVEL="${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);

    const apiKeys = parseApiKeyList('SHOAL_API_KEYS', env['SHOAL_API_KEYS'], problems);
    const readOnlyApiKeys = parseApiKeyList('SHOAL_READ_ONLY_API_KEYS', env['SHOAL_READ_ONLY_API_KEYS'], problems);
    checkDisjointKeyLists(apiKeys, readOnlyApiKeys, problems);

    const config = new CoordinatorConfig({
      host: read('SHOAL_HOST') ?? '127.0.0.1',
      port: integer('SHOAL_PORT', 7700, 0, 65535),
      redisUrl: redisUrl ?? '',
      redisPrefix: env['SHOAL_REDIS_PREFIX'] ?? 'shoal:',
      storage: parseStorage(env, problems),
      clusterToken: clusterToken ?? '',
      searchTimeoutMs: integer('SHOAL_SEARCH_TIMEOUT_MS', 2000, 10, 600_000),
      memberRefreshMs: integer('SHOAL_MEMBER_REFRESH_MS', 500, 10, 60_000),
      createReadyTimeoutMs: integer('SHOAL_CREATE_READY_TIMEOUT_MS', 10_000, 0, 600_000),
      trainMaxBytes: integer('SHOAL_TRAIN_MAX_BYTES', 8 * 2 ** 30, 2 ** 20, 2 ** 50),
      jobAttempts: integer('SHOAL_JOB_ATTEMPTS', 3, 1, 100),
      autoTrainIntervalMs: integer('SHOAL_AUTO_TRAIN_INTERVAL_MS', 2000, 50, 3_600_000),
      coordinatorId,
      logLevel,
      apiKeys,
      readOnlyApiKeys,
      requestTimeoutMs: integer('SHOAL_REQUEST_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    });
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  }
}

/** Storage variables are @shoal/storage's; their problems join ours so one start-up lists them all. */
function parseStorage(env: Env, problems: string[]): StorageConfig {
  try {
    return parseStorageConfig(env);
  } catch (error) {
    if (!isStorageError(error) || error.problems.length === 0) throw error;
    problems.push(...error.problems);
    return { kind: 'fs', root: '' };
  }
}
