import { isStorageError, parseStorageConfig, type StorageConfig } from '@shoal/storage';
import type { EnvReader } from './env-reader';

type Env = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The cluster's Redis: `REDIS_URL` (required) and `SHOAL_REDIS_PREFIX` (@defaultValue 'shoal:'). */
export function readRedis(read: EnvReader): { url: string; prefix: string } {
  const value = read.required('REDIS_URL', 'e.g. redis://127.0.0.1:6379');
  const url = value === '' ? '' : (read.url('REDIS_URL', value, ['redis:', 'rediss:'], 'redis://127.0.0.1:6379') ?? '');
  const prefix = read.string('SHOAL_REDIS_PREFIX', 'shoal:');
  if (/\s/.test(prefix)) read.problem(`SHOAL_REDIS_PREFIX="${prefix}" must not contain white space`);
  return { url, prefix };
}

/** The object store (`SHOAL_STORAGE`, `SHOAL_DATA_DIR`, `S3_*`; see @shoal/storage), its problems added to `read`'s. */
export function readStorage(env: Env, read: EnvReader): StorageConfig {
  try {
    return parseStorageConfig(env);
  } catch (error) {
    if (!isStorageError(error)) throw error;
    error.problems.forEach((problem) => read.problem(problem));
    return { kind: 'fs', root: '' };
  }
}

/** pino level, `SHOAL_LOG_LEVEL`. @defaultValue 'info' */
export function readLogLevel(read: EnvReader): LogLevel {
  return read.oneOf<LogLevel>('SHOAL_LOG_LEVEL', 'info', LOG_LEVELS);
}
