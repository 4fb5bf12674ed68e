import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@shoal/testing';
import { listFlatFiles, replaceDirectory, siblingTempDir } from './local-snapshot-dir';

let work: string;
beforeEach(async () => {
  work = await tempDir('shoal-local-snapshot-');
});
afterEach(() => rm(work, { recursive: true, force: true }));

describe('local snapshot directories', () => {
  it('lists files sorted with their sizes, refusing subdirectories', async () => {
    await writeFile(join(work, 'b.bin'), 'bb');
    await writeFile(join(work, 'a.bin'), 'a');
    expect(await listFlatFiles(work)).toEqual([
      { name: 'a.bin', path: join(work, 'a.bin'), bytes: 1 },
      { name: 'b.bin', path: join(work, 'b.bin'), bytes: 2 },
    ]);
    await mkdir(join(work, 'sub'));
    await expect(listFlatFiles(work)).rejects.toThrow(/only files, found sub/);
  });

  it('replaces an existing directory, or creates a missing one, leaving no temporary behind', async () => {
    const target = join(work, 'partition');
    for (const content of ['first', 'second']) {
      const staging = await siblingTempDir(target, 'download');
      await writeFile(join(staging, `${content}.bin`), content);
      await replaceDirectory(staging, target);
      expect(await readdir(target)).toEqual([`${content}.bin`]);
    }
    expect(await readdir(work)).toEqual(['partition']);
  });
});
