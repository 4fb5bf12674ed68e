/** S3 refuses uploads of more parts than this. */
export const MAX_PARTS = 10_000;
const MiB = 1024 * 1024;

/** The multipart calls of an S3 client, each already retried by the caller. */
export interface MultipartUploader {
  /** Starts an upload and returns its id. */
  start(): Promise<string>;
  /** Stores one part (numbered from 1) and returns its ETag. Re-uploading a part number replaces it. */
  uploadPart(uploadId: string, partNumber: number, body: Buffer): Promise<string>;
  complete(uploadId: string, parts: { part: number; etag: string }[]): Promise<void>;
  abort(uploadId: string): Promise<void>;
}

/** The configured part size, grown in whole MiB when needed to stay within {@link MAX_PARTS}. */
export function partSizeFor(size: number, configuredPartSize: number): number {
  return Math.max(configuredPartSize, Math.ceil(size / MAX_PARTS / MiB) * MiB);
}

/**
 * Uploads `size` bytes in parts read on demand, so a file of any size needs one part in memory,
 * and a transient failure costs one part's retry instead of the whole upload. Parts go one at a
 * time: a single stream already saturates the links Shoal runs on, and memory stays bounded.
 * On failure the upload is aborted so its parts do not linger as billed, invisible storage.
 */
export async function uploadInParts(
  uploader: MultipartUploader,
  size: number,
  partSize: number,
  readPart: (offset: number, length: number) => Promise<Buffer>,
): Promise<void> {
  const uploadId = await uploader.start();
  try {
    const parts: { part: number; etag: string }[] = [];
    for (let offset = 0, part = 1; offset < size; offset += partSize, part++) {
      const body = await readPart(offset, Math.min(partSize, size - offset));
      parts.push({ part, etag: await uploader.uploadPart(uploadId, part, body) });
    }
    await uploader.complete(uploadId, parts);
  } catch (error) {
    // The upload's own error is the one worth reporting; a failed abort only leaves parts behind
    // for the bucket's lifecycle rule.
    await uploader.abort(uploadId).catch(() => undefined);
    throw error;
  }
}
