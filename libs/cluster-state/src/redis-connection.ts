import { Redis } from 'ioredis';
import { ClusterStateError, ClusterStateErrorCode, messageOf } from './cluster-state.error';

/** How {@link openRedis} connects; defaults live in the repository. */
export interface RedisConnectionOptions {
  url: string;
  attempts: number;
  commandTimeoutMs: number;
}

/** One attempt's TCP connect timeout: bounds `connect` against hosts that drop packets. */
const CONNECT_TIMEOUT_MS = 2000;
/** Reconnections a queued command waits for while Redis is down before it fails (~0.6 s). */
const RETRIES_PER_REQUEST = 3;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The URL with its password replaced, safe for errors and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable Redis URL)';
  }
}

/**
 * Opens a ready connection, or fails with `UNAVAILABLE` naming the URL after `attempts` tries.
 * ioredis alone would retry forever on start-up; a process that cannot reach Redis should say so
 * and exit instead. Once connected, it reconnects forever (a Redis restart must not kill the
 * process), while commands issued during the outage fail fast.
 */
export async function openRedis(options: RedisConnectionOptions): Promise<Redis> {
  const { url, attempts, commandTimeoutMs } = options;
  if (!/^rediss?:\/\//.test(url)) throw new RangeError(`Redis URL must start with redis:// or rediss://, got ${redactRedisUrl(url)}`);
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`connectAttempts must be a positive integer, got ${attempts}`);
  let connected = false;
  let lastError: unknown;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: RETRIES_PER_REQUEST,
    retryStrategy: (times) => (connected ? Math.min(times * 100, 1000) : null),
  });
  // Without a listener ioredis prints every connection error to the console.
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  redis.on('ready', () => {
    connected = true;
  });
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await redis.connect();
      return redis;
    } catch (error) {
      lastError ??= error;
      if (attempt < attempts) await sleep(100 * 2 ** (attempt - 1));
    }
  }
  redis.disconnect();
  throw new ClusterStateError(
    ClusterStateErrorCode.Unavailable,
    `Cannot reach Redis at ${redactRedisUrl(url)} after ${attempts} attempts: ${messageOf(lastError)}`,
    { cause: lastError },
  );
}

/** Closes politely (pending replies first), or at once when the connection is already gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
