import { messageOf, ObjectNotFoundError, StorageError, StorageErrorCode } from './storage.error';

/*
 * Classification of errors thrown by the minio client, by shape only (`code`, `message`), so that
 * this file and its tests need not import the client.
 */

/** Socket-level failures: the request may not have reached the server, or its answer was lost. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND', // DNS: in Kubernetes a Service name resolves only once its pods are scheduled
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** S3 error codes that mean "server busy or briefly broken", i.e. the 5xx family and throttling. */
const TRANSIENT_S3_CODES = new Set([
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'ConditionalRequestConflict', // AWS: a concurrent conditional write is in flight; retry
  'XMinioServerNotInitialized',
  'XMinioReadQuorum',
  'XMinioWriteQuorum',
]);

const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound']);

const CONFIG_CODES = new Set([
  'NoSuchBucket',
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AuthorizationHeaderMalformed',
  'InvalidBucketName',
  // minio's client-side validation of its options (part size, endpoint, bucket name)
  'InvalidArgumentError',
  'InvalidBucketNameError',
  'InvalidEndpointError',
  'InvalidPortError',
  'ExpiredToken',
  'InvalidToken',
]);

/**
 * With its own retries disabled (we retry here, with our policy), the minio client turns 408,
 * 429 and 5xx answers into a plain Error with this message instead of an S3Error.
 */
const RETRYABLE_STATUS_MESSAGE = /Retryable HTTP status: \d{3}/;

/** The S3 error code, or the Node/minio error code, of an error; `undefined` if it has none. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // minio's client-side errors carry no code, only a class name
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && CONFIG_CODES.has(name) ? name : undefined;
}

/** Whether retrying could help: network failures, 5xx and throttling. Never 4xx such as NoSuchKey. */
export function isTransientS3Error(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (TRANSIENT_NETWORK_CODES.has(code) || TRANSIENT_S3_CODES.has(code))) return true;
  return RETRYABLE_STATUS_MESSAGE.test(messageOf(error));
}

export function isNotFoundS3Error(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NOT_FOUND_CODES.has(code);
}

/** Where a failed call was going, for the error message. */
export interface S3CallContext {
  readonly operation: string;
  readonly key?: string;
  readonly bucket: string;
  readonly endpoint: string;
  /** Attempts made, counting the first. */
  readonly attempts: number;
}

/** Translates a minio client error into the {@link StorageError} callers act on. */
export function toStorageError(error: unknown, context: S3CallContext): StorageError {
  if (error instanceof StorageError) return error;
  const { operation, key, bucket, endpoint, attempts } = context;
  if (isNotFoundS3Error(error) && key !== undefined) return new ObjectNotFoundError(key, error);
  const code = errorCode(error);
  const where = `S3 ${operation}${key === undefined ? '' : ` "${key}"`} in bucket "${bucket}" at ${endpoint}`;
  const reason = `${code === undefined ? '' : `${code}: `}${messageOf(error)}`;
  if (isTransientS3Error(error)) {
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    return new StorageError(StorageErrorCode.Unavailable, `${where} failed after ${tries}: ${reason}`, { key, cause: error });
  }
  if (code !== undefined && CONFIG_CODES.has(code)) {
    return new StorageError(StorageErrorCode.Config, `${where} was refused (check endpoint, credentials and bucket): ${reason}`, {
      key,
      cause: error,
    });
  }
  return new StorageError(StorageErrorCode.Io, `${where} failed: ${reason}`, { key, cause: error });
}

/** A multi-object delete answers 200 even when some keys failed; surface the first failure. */
export function deleteFailure(results: readonly unknown[], batchSize: number): Error | undefined {
  // The client types each entry as `{ Error: {...} }`, but at run time returns the inner objects.
  const failures = results.filter((entry) => entry !== null && entry !== undefined) as {
    Code?: string;
    Key?: string;
    Message?: string;
    Error?: { Code?: string; Key?: string; Message?: string };
  }[];
  if (failures.length === 0) return undefined;
  const first = failures[0].Error ?? failures[0];
  const error = new Error(`${failures.length} of ${batchSize} deletes failed; first "${first.Key}": ${first.Message}`);
  return Object.assign(error, { code: first.Code });
}
