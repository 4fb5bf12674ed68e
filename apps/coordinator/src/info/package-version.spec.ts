import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '@shoal/testing';
import { packageVersion } from './package-version';

describe('packageVersion', () => {
  it('reads the workspace package.json version', async () => {
    const root = JSON.parse(await readFile(join(__dirname, '../../../../package.json'), 'utf8')) as { version: string };
    expect(packageVersion()).toBe(root.version);
  });

  it('takes the nearest package.json above the start directory', async () => {
    const dir = await tempDir('shoal-package-version-');
    try {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '9.8.7' }));
      await mkdir(join(dir, 'a', 'b'), { recursive: true });
      expect(packageVersion(join(dir, 'a', 'b'))).toBe('9.8.7');
      await writeFile(join(dir, 'a', 'package.json'), JSON.stringify({ name: 'y' }));
      expect(packageVersion(join(dir, 'a', 'b'))).toBe('unknown');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
