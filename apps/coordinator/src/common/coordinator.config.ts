import { hostname } from 'node:os';
import { ConfigError, EnvReader, readLogLevel, readRedis, readStorage, type LogLevel } from '@shoal/config';
import type { StorageConfig } from '@shoal/storage';
import { checkDisjointKeyLists, parseApiKeyList } from '../auth/api-key-list';

type Env = Readonly<Record<string, string | undefined>>;

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
    const read = new EnvReader(env);
    const redis = readRedis(read);

    const clusterToken = read.required('SHOAL_CLUSTER_TOKEN', 'a shared secret of at least 16 characters');
    // The value is a secret: report its length only.
    if (clusterToken !== '' && clusterToken.length < 16) read.problem(`SHOAL_CLUSTER_TOKEN must be at least 16 characters (it has ${clusterToken.length})`);

    const coordinatorId = read.string('SHOAL_COORDINATOR_ID', `coordinator-${hostname()}-${process.pid}`);
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(coordinatorId)) {
      read.problem(`SHOAL_COORDINATOR_ID="${coordinatorId}" must be 1 to 128 letters, digits, ".", "_" or "-"`);
    }

    const apiKeys = parseApiKeyList('SHOAL_API_KEYS', read.raw('SHOAL_API_KEYS'), read.problems);
    const readOnlyApiKeys = parseApiKeyList('SHOAL_READ_ONLY_API_KEYS', read.raw('SHOAL_READ_ONLY_API_KEYS'), read.problems);
    checkDisjointKeyLists(apiKeys, readOnlyApiKeys, read.problems);

    const config = new CoordinatorConfig({
      host: read.string('SHOAL_HOST', '127.0.0.1'),
      port: read.integer('SHOAL_PORT', 7700, 0, 65535),
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      storage: readStorage(env, read),
      clusterToken,
      searchTimeoutMs: read.integer('SHOAL_SEARCH_TIMEOUT_MS', 2000, 10, 600_000),
      memberRefreshMs: read.integer('SHOAL_MEMBER_REFRESH_MS', 500, 10, 60_000),
      createReadyTimeoutMs: read.integer('SHOAL_CREATE_READY_TIMEOUT_MS', 10_000, 0, 600_000),
      trainMaxBytes: read.integer('SHOAL_TRAIN_MAX_BYTES', 8 * 2 ** 30, 2 ** 20, 2 ** 50),
      jobAttempts: read.integer('SHOAL_JOB_ATTEMPTS', 3, 1, 100),
      autoTrainIntervalMs: read.integer('SHOAL_AUTO_TRAIN_INTERVAL_MS', 2000, 50, 3_600_000),
      coordinatorId,
      logLevel: readLogLevel(read),
      apiKeys,
      readOnlyApiKeys,
      requestTimeoutMs: read.integer('SHOAL_REQUEST_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    });
    if (read.problems.length > 0) throw new ConfigError('coordinator', read.problems);
    return config;
  }
}
