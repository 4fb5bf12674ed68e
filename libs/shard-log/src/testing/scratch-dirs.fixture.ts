import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@shoal/testing';

/** Test support only: local directories under one temporary root, removed after the file's tests. */
export interface ScratchDirs {
  readonly root: string;
  /** A path under the root not used before (not created). */
  fresh(label: string): string;
  /** A new directory holding `files` (name → content). */
  withFiles(files: Record<string, string>): Promise<string>;
}

/** Registers the root's creation and removal with jest; call at the top of a spec file. */
export function scratchDirs(prefix: string): ScratchDirs {
  let root = '';
  let used = 0;
  beforeAll(async () => {
    root = await tempDir(prefix);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));
  const fresh = (label: string) => join(root, `${label}-${++used}`);
  return {
    get root() {
      return root;
    },
    fresh,
    async withFiles(files) {
      const dir = fresh('local');
      await mkdir(dir);
      for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
      return dir;
    },
  };
}

/** Test support only: every file of `dir` with its UTF-8 content, by name. */
export async function readDirContents(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')] as const)));
}
