import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { tempDir } from './temp-dir';

describe('tempDir', () => {
  it('creates a distinct directory per call with the given prefix', async () => {
    const [a, b] = await Promise.all([tempDir('shoal-test-'), tempDir('shoal-test-')]);
    try {
      expect(a).not.toBe(b);
      expect(basename(a)).toMatch(/^shoal-test-/);
      expect((await stat(a)).isDirectory()).toBe(true);
    } finally {
      await Promise.all([a, b].map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });
});
