import { constants } from 'node:fs';
import { copyFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/*
 * The fsync discipline that makes a filesystem write survive power loss: the file's data, then
 * the directory entry that names it (rename and link change the directory, not the file).
 */

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `mkdir -p` that also fsyncs the parent of every directory it had to create, so that a file
 * renamed into a new directory is reachable after a crash. `dir` must be absolute.
 */
export async function makeDirectoryDurable(dir: string): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true });
  if (firstCreated === undefined) return;
  for (let created = dir; ; created = dirname(created)) {
    await fsyncDirectory(dirname(created));
    if (created === firstCreated || dirname(created) === created) return;
  }
}

/** Writes a new file (failing if it exists) and fsyncs its data. */
export async function writeNewFileDurable(path: string, body: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies `source` to a new file `target` (failing if it exists) and fsyncs the copy. */
export async function copyToNewFileDurable(source: string, target: string): Promise<void> {
  await copyFile(source, target, constants.COPYFILE_EXCL);
  const handle = await open(target, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
