import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What a saved partition directory needs besides the partition files: the log position they
 * reflect. Written after `Partition.save` (which replaces the whole directory), so a directory
 * without this file is an interrupted save and is never trusted.
 */
export interface ReplicaCheckpoint {
  appliedSeq: number;
  generation: number;
  /**
   * `createdAt` of the collection the data belongs to: a collection deleted and re-created under
   * the same name starts a new log, and must not resume from the old one's files.
   */
  collectionCreatedAt: string;
}

export const CHECKPOINT_FILE = 'replica.json';

/** The checkpoint in `dir`, or null when it is missing or unreadable (then the directory is not used). */
export async function readCheckpoint(dir: string): Promise<ReplicaCheckpoint | null> {
  let text: string;
  try {
    text = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<ReplicaCheckpoint>;
    const valid =
      Number.isSafeInteger(value.appliedSeq) && Number.isSafeInteger(value.generation) && typeof value.collectionCreatedAt === 'string';
    return valid ? (value as ReplicaCheckpoint) : null;
  } catch {
    return null;
  }
}

/** Writes the checkpoint atomically (temp file + rename). */
export async function writeCheckpoint(dir: string, checkpoint: ReplicaCheckpoint): Promise<void> {
  const temp = join(dir, `${CHECKPOINT_FILE}.tmp-${process.pid}`);
  await writeFile(temp, JSON.stringify(checkpoint));
  await rename(temp, join(dir, CHECKPOINT_FILE));
}
