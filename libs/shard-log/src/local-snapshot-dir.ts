import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file of a local snapshot directory. */
export interface LocalSnapshotFile {
  name: string;
  path: string;
  bytes: number;
}

/** The regular files of a flat directory, sorted by name; a subdirectory is a caller bug (RangeError). */
export async function listFlatFiles(dir: string): Promise<LocalSnapshotFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: LocalSnapshotFile[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isFile()) throw new RangeError(`snapshot directory ${dir} must hold only files, found ${entry.name}`);
    const path = join(dir, entry.name);
    files.push({ name: entry.name, path, bytes: (await stat(path)).size });
  }
  return files;
}

/** A fresh sibling of `target` (same filesystem, so it can be renamed onto `target`). */
export async function siblingTempDir(target: string, label: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  const dir = join(dirname(target), `.${basename(target)}.${label}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir);
  return dir;
}

/**
 * Puts the complete directory `ready` in place of `target`. Two renames, so a crash can leave
 * `target` missing (never half-written): recovery then finds no local snapshot and downloads again.
 */
export async function replaceDirectory(ready: string, target: string): Promise<void> {
  const old = `${ready}.old`;
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await rename(ready, target);
  if (moved) await rm(old, { recursive: true, force: true });
}
