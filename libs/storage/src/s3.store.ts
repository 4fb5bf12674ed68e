import { createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { buffer as readAll } from 'node:stream/consumers';
import { Client } from 'minio';
import type { ListOptions } from './list-options';
import { writeFileAtomically } from './local-file';
import type { ObjectStat } from './object-stat';
import { startPastEnd, streamStart, type GetStreamOptions, type ObjectStore } from './object-store';
import { assertValidDeletePrefix, assertValidKey, assertValidLimit, assertValidPrefix } from './object-key';
import { withRetry, type RetryPolicy } from './retry';
import { deleteFailure, errorCode, isNotFoundS3Error, isTransientS3Error, toStorageError } from './s3-errors';
import { partSizeFor, uploadInParts, type MultipartUploader } from './s3-multipart';
import type { S3ObjectStoreOptions } from './s3-store.options';
import { messageOf, ObjectNotFoundError, StorageError, StorageErrorCode } from './storage.error';

type PartReader = (offset: number, length: number) => Promise<Buffer>;

const DEFAULT_PART_SIZE = 64 * 1024 * 1024;
/** S3's cap on keys per list page and per multi-object delete. */
const MAX_KEYS_PER_REQUEST = 1000;

function asBuffer(body: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/**
 * {@link ObjectStore} on S3 or any S3-compatible server (MinIO in production, s3rver in tests),
 * through the minio client. The only file that imports `minio`. Every call is retried on
 * transient failures by this class (the client's own retries are disabled so that one policy,
 * with jitter and an `onRetry` hook, applies everywhere).
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly client: Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly endpoint: string;
  private readonly policy: RetryPolicy;
  private readonly partSize: number;

  constructor(options: S3ObjectStoreOptions) {
    const useSSL = options.useSSL ?? true;
    const port = options.port ?? (useSSL ? 443 : 80);
    this.bucket = options.bucket;
    this.region = options.region ?? 'us-east-1';
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
    this.endpoint = `${useSSL ? 'https' : 'http'}://${options.endPoint}:${port}`;
    this.policy = {
      retries: options.retries ?? 5,
      baseDelayMs: options.retryBaseMs ?? 100,
      maxDelayMs: options.retryMaxMs ?? 10_000,
      isTransient: isTransientS3Error,
      onRetry: options.onRetry,
    };
    try {
      this.client = new Client({
        endPoint: options.endPoint,
        port,
        useSSL,
        accessKey: options.accessKey,
        secretKey: options.secretKey,
        region: this.region,
        pathStyle: options.pathStyle ?? true,
        partSize: this.partSize,
        retryOptions: { disableRetry: true },
      });
    } catch (error) {
      throw toStorageError(error, { operation: 'configure', bucket: this.bucket, endpoint: this.endpoint, attempts: 1 });
    }
  }

  /** Creates the bucket when missing; safe when several processes start at once. */
  async init(): Promise<void> {
    await this.call('init', undefined, async () => {
      if (await this.client.bucketExists(this.bucket)) return;
      try {
        await this.client.makeBucket(this.bucket, this.region);
      } catch (error) {
        const code = errorCode(error);
        // Another process created it between our check and our request.
        const lostRace = code === 'BucketAlreadyOwnedByYou' || code === 'BucketAlreadyExists';
        if (!lostRace || !(await this.client.bucketExists(this.bucket))) throw error;
      }
    });
  }

  async put(key: string, body: Buffer | Uint8Array): Promise<void> {
    assertValidKey(key);
    const data = asBuffer(body);
    await this.upload('put', key, data.length, async (offset, length) => data.subarray(offset, offset + length));
  }

  async putIfAbsent(key: string, body: Buffer | Uint8Array): Promise<boolean> {
    assertValidKey(key);
    const data = asBuffer(body);
    if (data.length > this.partSize) {
      // Multipart uploads cannot carry If-None-Match everywhere: stat check only (racy).
      if (await this.exists(key)) return false;
      await this.put(key, data);
      return true;
    }
    return this.call('putIfAbsent', key, async (attempt) => {
      // A failed earlier attempt may have stored the object and lost only the answer: finding our
      // own bytes on a retry means that attempt won.
      const wonEarlier = async () => attempt > 0 && (await this.holds(key, data));
      if ((await this.statOrNull(key)) !== null) return wonEarlier();
      try {
        await this.client.putObject(this.bucket, key, data, data.length, { 'If-None-Match': '*' });
        return true;
      } catch (error) {
        if (errorCode(error) === 'PreconditionFailed') return wonEarlier();
        throw error;
      }
    });
  }

  async putFile(key: string, path: string): Promise<void> {
    assertValidKey(key);
    let file: FileHandle | undefined;
    try {
      file = await open(path, 'r');
      const source = file;
      const { size } = await source.stat();
      await this.upload('putFile', key, size, async (offset, length) => {
        const part = Buffer.allocUnsafe(length);
        const { bytesRead } = await source.read(part, 0, length, offset);
        if (bytesRead !== length) throw new Error(`${path} changed size during the upload`);
        return part;
      });
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError(StorageErrorCode.Io, `Cannot upload ${path} to "${key}": ${messageOf(error)}`, { key, cause: error });
    } finally {
      await file?.close();
    }
  }

  async get(key: string): Promise<Buffer> {
    assertValidKey(key);
    // Reading the body inside the retried call retries a download cut off midway too.
    return this.call('get', key, async () => readAll(await this.client.getObject(this.bucket, key)));
  }

  async getToFile(key: string, path: string): Promise<void> {
    assertValidKey(key);
    const download = (partial: string) =>
      // Each attempt rewrites the partial file from the start.
      this.call('getToFile', key, async () => pipeline(await this.client.getObject(this.bucket, key), createWriteStream(partial)));
    try {
      await writeFileAtomically(path, download);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError(StorageErrorCode.Io, `Cannot write "${key}" to ${path}: ${messageOf(error)}`, { key, cause: error });
    }
  }

  async getStream(key: string, options: GetStreamOptions = {}): Promise<NodeJS.ReadableStream> {
    assertValidKey(key);
    const start = streamStart(key, options);
    const stream = await this.call('getStream', key, async () => {
      try {
        // An offset of 0 sends no Range header, so empty objects stream too.
        return await this.client.getPartialObject(this.bucket, key, start);
      } catch (error) {
        if (errorCode(error) === 'InvalidRange') return null;
        throw error;
      }
    });
    if (stream !== null) return stream;
    // S3 answers 416 to any range starting at or after the end: only the size tells which.
    const size = (await this.stat(key))?.size;
    if (size === undefined) throw new ObjectNotFoundError(key);
    if (start === size) return Readable.from([]);
    throw startPastEnd(key, start, size);
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<ObjectStat | null> {
    assertValidKey(key);
    return this.call('stat', key, () => this.statOrNull(key));
  }

  async list(prefix: string, options: ListOptions = {}): Promise<string[]> {
    assertValidPrefix(prefix);
    assertValidLimit(options.limit);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const keys: string[] = [];
    let continuationToken = '';
    while (keys.length < limit) {
      const pageSize = Math.min(MAX_KEYS_PER_REQUEST, limit - keys.length);
      // S3 ignores start-after once a continuation token is given, so send it on the first page only.
      const startAfter = continuationToken === '' ? (options.startAfter ?? '') : '';
      const page = await this.call('list', prefix, () =>
        this.client.listObjectsV2Query(this.bucket, prefix, continuationToken, '', pageSize, startAfter),
      );
      for (const item of page.objects) if (item.name !== undefined) keys.push(item.name);
      if (!page.isTruncated || page.nextContinuationToken === '') break;
      continuationToken = page.nextContinuationToken;
    }
    return keys.slice(0, limit);
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    // S3 answers 204 for missing keys, so delete is idempotent without a check.
    await this.call('delete', key, () => this.client.removeObject(this.bucket, key));
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidDeletePrefix(prefix);
    let deleted = 0;
    let startAfter: string | undefined;
    for (;;) {
      const batch = await this.list(prefix, { startAfter, limit: MAX_KEYS_PER_REQUEST });
      if (batch.length === 0) return deleted;
      await this.call('deletePrefix', prefix, async () => {
        const failure = deleteFailure(await this.client.removeObjects(this.bucket, batch), batch.length);
        if (failure !== undefined) throw failure;
      });
      deleted += batch.length;
      startAfter = batch[batch.length - 1];
    }
  }

  async ping(): Promise<void> {
    const noRetries = 0;
    await this.call(
      'ping',
      undefined,
      async () => {
        if (!(await this.client.bucketExists(this.bucket))) {
          throw new StorageError(StorageErrorCode.Config, `Bucket "${this.bucket}" does not exist at ${this.endpoint}; init() creates it`);
        }
      },
      noRetries,
    );
  }

  /** One PUT up to the part size, multipart above it. */
  private async upload(operation: string, key: string, size: number, readPart: PartReader): Promise<void> {
    if (size <= this.partSize) {
      const body = await readPart(0, size);
      await this.call(operation, key, () => this.client.putObject(this.bucket, key, body, size));
      return;
    }
    await uploadInParts(this.multipartUploader(operation, key, size), size, partSizeFor(size, this.partSize), readPart);
  }

  private multipartUploader(operation: string, key: string, size: number): MultipartUploader {
    const { bucket, client } = this;
    return {
      start: () => this.call(operation, key, () => client.initiateNewMultipartUpload(bucket, key, {})),
      uploadPart: (uploadID, partNumber, body) =>
        this.call(operation, key, async () => {
          const part = await client.uploadPart({ bucketName: bucket, objectName: key, uploadID, partNumber, headers: {} }, body);
          return part.etag;
        }),
      complete: (uploadId, parts) =>
        this.call(operation, key, async (attempt) => {
          try {
            await client.completeMultipartUpload(bucket, key, uploadId, parts);
          } catch (error) {
            // An earlier attempt completed the upload but its answer was lost.
            const uploadGone = attempt > 0 && errorCode(error) === 'NoSuchUpload';
            if (!uploadGone || (await this.statOrNull(key))?.size !== size) throw error;
          }
        }),
      abort: (uploadId) => this.call(operation, key, () => client.abortMultipartUpload(bucket, key, uploadId)),
    };
  }

  private async statOrNull(key: string): Promise<ObjectStat | null> {
    try {
      const info = await this.client.statObject(this.bucket, key);
      return { size: info.size, modified: info.lastModified };
    } catch (error) {
      if (isNotFoundS3Error(error)) return null;
      throw error;
    }
  }

  private async holds(key: string, data: Buffer): Promise<boolean> {
    try {
      return (await readAll(await this.client.getObject(this.bucket, key))).equals(data);
    } catch (error) {
      if (isNotFoundS3Error(error)) return false;
      throw error;
    }
  }

  /** Runs one store operation under the retry policy and translates whatever escapes. */
  private async call<T>(
    operation: string,
    key: string | undefined,
    attempt: (attemptNumber: number) => Promise<T>,
    retries = this.policy.retries,
  ): Promise<T> {
    try {
      return await withRetry({ ...this.policy, retries }, operation, key, attempt);
    } catch (error) {
      throw toStorageError(error, { operation, key, bucket: this.bucket, endpoint: this.endpoint, attempts: retries + 1 });
    }
  }
}
