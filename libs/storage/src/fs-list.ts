import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidKey } from './object-key';

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as { code?: string } | null)?.code ?? '');

/**
 * Keys of the files under `root` that start with `prefix` and sort strictly after `startAfter`,
 * in S3's order. Walks only the directory named by the prefix's complete segments and skips
 * subdirectories that cannot hold a match. Files no key could name (the staging directory,
 * partial downloads, stray files) are ignored.
 */
export async function listKeysUnder(root: string, prefix: string, startAfter: string): Promise<string[]> {
  const keys: string[] = [];
  await collect(root, prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix, startAfter, keys);
  // Keys are ASCII, so the default UTF-16 sort is byte order, the order S3 lists in.
  return keys.sort();
}

async function collect(root: string, dirKey: string, prefix: string, startAfter: string, out: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, dirKey), { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const key = dirKey + entry.name;
    if (!isValidKey(key)) continue;
    if (entry.isDirectory()) {
      const subDirKey = `${key}/`;
      const overlapsPrefix = subDirKey.startsWith(prefix) || prefix.startsWith(subDirKey);
      // Every key under `subDirKey` sorts before a `startAfter` that is greater and not inside it.
      const entirelyBeforeStart = startAfter > subDirKey && !startAfter.startsWith(subDirKey);
      if (overlapsPrefix && !entirelyBeforeStart) await collect(root, subDirKey, prefix, startAfter, out);
    } else if (entry.isFile() && key.startsWith(prefix) && key > startAfter) {
      out.push(key);
    }
  }
}
