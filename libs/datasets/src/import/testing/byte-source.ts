import { Readable } from 'node:stream';
import type { OpenImportStream } from '../import-read.options';

/** How a test source cuts its bytes into stream chunks. */
export type Chunking = 'whole' | 'tiny';

/** An in-memory import object, with the start offset of every `open` call it served. */
export interface ByteSource {
  open: OpenImportStream;
  opens: number[];
}

/**
 * Serves `bytes` as an object store would. `'tiny'` cuts them into chunks of 1, 2, … 7, 1, 2 …
 * bytes, so chunk boundaries fall inside every header, record and multi-byte UTF-8 character.
 */
export function byteSource(bytes: Uint8Array, chunking: Chunking = 'whole'): ByteSource {
  const opens: number[] = [];
  const open: OpenImportStream = async (start) => {
    opens.push(start);
    if (start > bytes.length) throw new RangeError(`start ${start} is past the end (${bytes.length} bytes)`);
    return Readable.from(chunks(bytes.subarray(start), chunking));
  };
  return { open, opens };
}

function chunks(bytes: Uint8Array, chunking: Chunking): Uint8Array[] {
  if (chunking === 'whole') return [bytes];
  const out: Uint8Array[] = [];
  for (let at = 0, size = 1; at < bytes.length; at += size, size = (size % 7) + 1) out.push(bytes.subarray(at, at + size));
  return out;
}
