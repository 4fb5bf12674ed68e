import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Fills `path` through a temporary sibling and renames it into place, so that `path` appears
 * complete or not at all (a snapshot loader never opens a half-downloaded index). Creates the
 * directory. The temporary name ends in `~`, which no object key contains.
 */
export async function writeFileAtomically(path: string, fill: (partialPath: string) => Promise<void>): Promise<void> {
  const partial = `${resolve(path)}.${process.pid}-${randomBytes(6).toString('hex')}.part~`;
  await mkdir(dirname(partial), { recursive: true });
  try {
    await fill(partial);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
