import { NAME_PATTERN } from '@shoal/storage';

/**
 * Contents of `collections/{c}/shards/{s}/snapshots/latest.json`: the newest complete snapshot of
 * a shard. Written after every file of the snapshot, so whatever it names is complete.
 */
export interface SnapshotPointer {
  /** The partition's `appliedSeq`: recovery replays the log after it. */
  seq: number;
  /** Every file of the snapshot, with its size (checked after download). */
  files: { name: string; bytes: number }[];
  /** ISO-8601 time of the upload. */
  createdAt: string;
  /** Index backend that wrote the files (`faiss`, `exact`…), so a replica never loads foreign files. */
  backend: string;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Why `value` is not a valid pointer, or `null` when it is one. */
export function snapshotPointerProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const pointer = value as Record<string, unknown>;
  if (!isCount(pointer['seq'])) return 'seq is not a non-negative integer';
  if (typeof pointer['createdAt'] !== 'string') return 'createdAt is not a string';
  if (typeof pointer['backend'] !== 'string') return 'backend is not a string';
  const files = pointer['files'];
  if (!Array.isArray(files)) return 'files is not an array';
  for (const file of files as unknown[]) {
    const { name, bytes } = (file ?? {}) as Record<string, unknown>;
    // The name becomes a local path: only plain file names, never `..` or `/`.
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) return `file name ${JSON.stringify(name)} is not a plain file name`;
    if (!isCount(bytes)) return `file ${name} has no valid size`;
  }
  return null;
}
