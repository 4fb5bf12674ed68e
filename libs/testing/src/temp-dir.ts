import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Creates a fresh directory under the OS temp dir, named `{prefix}XXXXXX`, and resolves its path.
 * The caller owns it: remove it with `rm(path, { recursive: true, force: true })` in `afterAll`.
 */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
