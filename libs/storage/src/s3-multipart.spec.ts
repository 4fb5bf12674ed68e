import { MAX_PARTS, partSizeFor, uploadInParts, type MultipartUploader } from './s3-multipart';

const MiB = 1024 * 1024;

describe('partSizeFor', () => {
  it('keeps the configured size while it fits in 10,000 parts, else grows in whole MiB', () => {
    expect(partSizeFor(100 * MiB, 64 * MiB)).toBe(64 * MiB);
    expect(partSizeFor(MAX_PARTS * 5 * MiB, 5 * MiB)).toBe(5 * MiB);
    expect(partSizeFor(MAX_PARTS * 5 * MiB + 1, 5 * MiB)).toBe(6 * MiB);
  });
});

/** Records the calls; stands in for the client only to observe ordering and abort, not S3 itself. */
function recordingUploader(failOnPart?: number): MultipartUploader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    start: async () => {
      calls.push('start');
      return 'u1';
    },
    uploadPart: async (_uploadId, partNumber, body) => {
      calls.push(`part ${partNumber} ${body.toString()}`);
      if (partNumber === failOnPart) throw new Error('part failed');
      return `etag${partNumber}`;
    },
    complete: async (_uploadId, parts) => {
      calls.push(`complete ${parts.map((p) => `${p.part}:${p.etag}`).join(',')}`);
    },
    abort: async () => {
      calls.push('abort');
    },
  };
}

describe('uploadInParts', () => {
  const data = Buffer.from('abcdefghij');
  const readPart = async (offset: number, length: number) => data.subarray(offset, offset + length);

  it('uploads consecutive parts, the last one short, then completes with every ETag', async () => {
    const uploader = recordingUploader();
    await uploadInParts(uploader, data.length, 4, readPart);
    expect(uploader.calls).toEqual(['start', 'part 1 abcd', 'part 2 efgh', 'part 3 ij', 'complete 1:etag1,2:etag2,3:etag3']);
  });

  it('aborts the upload when a part fails and reports the part error', async () => {
    const uploader = recordingUploader(2);
    await expect(uploadInParts(uploader, data.length, 4, readPart)).rejects.toThrow('part failed');
    expect(uploader.calls).toEqual(['start', 'part 1 abcd', 'part 2 efgh', 'abort']);
  });
});
