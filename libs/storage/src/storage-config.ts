import { resolve } from 'node:path';
import type { FilesystemObjectStoreOptions } from './fs-store.options';
import type { S3ObjectStoreOptions } from './s3-store.options';
import { StorageError, StorageErrorCode } from './storage.error';

/** Which object store to build, and its settings; the input of `createObjectStore`. */
export type StorageConfig =
  | ({ readonly kind: 'fs' } & FilesystemObjectStoreOptions)
  | ({ readonly kind: 's3' } & S3ObjectStoreOptions);

/** Where the filesystem store keeps objects inside `SHOAL_DATA_DIR`, beside other local state. */
export const OBJECTS_SUBDIRECTORY = 'objects';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION_NAME = /^[a-z0-9-]{1,64}$/;
const BOOLEANS = new Map([
  ['true', true],
  ['1', true],
  ['yes', true],
  ['false', false],
  ['0', false],
  ['no', false],
]);

type Env = Readonly<Record<string, string | undefined>>;

/** Reads an environment value, treating empty as unset (as shells and compose files often produce). */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

interface Endpoint {
  endPoint: string;
  port: number;
  useSSL: boolean;
}

function parseEndpoint(value: string): Endpoint | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `S3_ENDPOINT="${value}" must be a URL such as http://127.0.0.1:9000`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `S3_ENDPOINT="${value}" must start with http:// or https://`;
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    return `S3_ENDPOINT="${value}" must be scheme, host and optional port only (the bucket goes in S3_BUCKET)`;
  }
  const useSSL = url.protocol === 'https:';
  if (url.port === '0') return `S3_ENDPOINT="${value}" must not use port 0`;
  return {
    endPoint: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (useSSL ? 443 : 80) : Number(url.port),
    useSSL,
  };
}

/**
 * Builds a {@link StorageConfig} from environment variables, reporting every bad variable at once:
 *
 * - `SHOAL_STORAGE`: `fs` or `s3`. Default: `s3` when `S3_ENDPOINT` is set, else `fs`.
 * - `SHOAL_DATA_DIR`: data directory of the filesystem store (objects go in its `objects/`). Default `./data`.
 * - `S3_ENDPOINT`: URL of the S3 server, e.g. `http://127.0.0.1:9000` (host, port and TLS come from it). Required for s3.
 * - `S3_ACCESS_KEY`, `S3_SECRET_KEY`: credentials. Required for s3.
 * - `S3_BUCKET`: default `shoal`. `S3_REGION`: default `us-east-1`.
 * - `S3_PATH_STYLE`: `true`/`false` (also `1`/`0`, `yes`/`no`). Default `true`, as MinIO needs.
 *
 * Throws a `CONFIG` {@link StorageError} whose `problems` lists each bad variable and its rule.
 * Secret values never appear in messages.
 */
export function parseStorageConfig(env: Env): StorageConfig {
  const problems: string[] = [];
  const requested = read(env, 'SHOAL_STORAGE');
  if (requested !== undefined && requested !== 'fs' && requested !== 's3') {
    problems.push(`SHOAL_STORAGE="${requested}" must be "fs" or "s3"`);
  }
  const kind = requested === 'fs' || requested === 's3' ? requested : read(env, 'S3_ENDPOINT') !== undefined ? 's3' : 'fs';
  const config: StorageConfig =
    kind === 'fs'
      ? { kind, root: resolve(read(env, 'SHOAL_DATA_DIR') ?? './data', OBJECTS_SUBDIRECTORY) }
      : parseS3(env, problems);
  if (problems.length > 0) {
    throw new StorageError(StorageErrorCode.Config, `Invalid storage configuration:\n  - ${problems.join('\n  - ')}`, { problems });
  }
  return config;
}

function parseS3(env: Env, problems: string[]): StorageConfig {
  const endpointValue = read(env, 'S3_ENDPOINT');
  const endpoint =
    endpointValue === undefined ? 'S3_ENDPOINT is required for S3 storage (e.g. http://127.0.0.1:9000)' : parseEndpoint(endpointValue);
  if (typeof endpoint === 'string') problems.push(endpoint);
  const accessKey = read(env, 'S3_ACCESS_KEY');
  if (accessKey === undefined) problems.push('S3_ACCESS_KEY is required for S3 storage');
  const secretKey = read(env, 'S3_SECRET_KEY');
  if (secretKey === undefined) problems.push('S3_SECRET_KEY is required for S3 storage');
  const bucket = read(env, 'S3_BUCKET') ?? 'shoal';
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    problems.push(
      `S3_BUCKET="${bucket}" must be 3 to 63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit`,
    );
  }
  const region = read(env, 'S3_REGION') ?? 'us-east-1';
  if (!REGION_NAME.test(region)) problems.push(`S3_REGION="${region}" must be lowercase letters, digits and "-" (e.g. us-east-1)`);
  const pathStyleValue = read(env, 'S3_PATH_STYLE')?.toLowerCase() ?? 'true';
  const pathStyle = BOOLEANS.get(pathStyleValue);
  if (pathStyle === undefined) problems.push(`S3_PATH_STYLE="${pathStyleValue}" must be true or false`);
  // On problems the caller throws; these placeholders only keep the return type honest.
  const validEndpoint = typeof endpoint === 'string' ? { endPoint: '', port: 0, useSSL: false } : endpoint;
  return {
    kind: 's3',
    ...validEndpoint,
    accessKey: accessKey ?? '',
    secretKey: secretKey ?? '',
    bucket,
    region,
    pathStyle: pathStyle ?? true,
  };
}
