import type { RetryEvent } from './retry-event';

/** Settings of {@link S3ObjectStore}; `storage-config.ts` builds them from the environment. */
export interface S3ObjectStoreOptions {
  /** Host name or IP address of the S3 endpoint, without scheme or port (e.g. `minio.shoal.svc`). */
  readonly endPoint: string;
  /** @defaultValue 443 with `useSSL`, else 80 */
  readonly port?: number;
  /** @defaultValue true */
  readonly useSSL?: boolean;
  readonly accessKey: string;
  readonly secretKey: string;
  /** Bucket holding every object of the cluster; {@link S3ObjectStore.init} creates it when missing. */
  readonly bucket: string;
  /** @defaultValue `'us-east-1'` (MinIO's default region) */
  readonly region?: string;
  /**
   * Address buckets as `host/bucket/key` rather than `bucket.host/key`. MinIO, s3rver and most
   * self-hosted servers need path-style; set false only for AWS virtual-hosted buckets.
   * @defaultValue true
   */
  readonly pathStyle?: boolean;
  /**
   * Multipart part size in bytes (at least 5 MiB, the S3 minimum). Objects larger than this are
   * uploaded in parts; the client grows it by itself for objects above 10,000 parts.
   * @defaultValue 64 MiB (the minio client's default)
   */
  readonly partSize?: number;
  /**
   * Retries after the first attempt of each call, for transient failures only (network errors,
   * 5xx, SlowDown); 4xx answers such as NoSuchKey or AccessDenied are never retried.
   * @defaultValue 5
   */
  readonly retries?: number;
  /**
   * First backoff window; each retry doubles it (with jitter). With the defaults the store gives
   * up after about 3 s (100+200+400+800+1600 ms, halved by jitter at best).
   * @defaultValue 100
   */
  readonly retryBaseMs?: number;
  /** @defaultValue 10000 */
  readonly retryMaxMs?: number;
  /** Called before each retry, e.g. to log it or count it in a metric. */
  readonly onRetry?: (event: RetryEvent) => void;
}
