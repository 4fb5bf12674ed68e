import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FaissUnavailableError } from './faiss-unavailable.error';
import { DEFAULT_ADDON_PATH, isFaissAvailable, loadNativeFrom } from './load-native';

function caught(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('loadNativeFrom', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoal-addon-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing file and the fix', () => {
    const path = join(dir, 'missing', 'shoal_faiss.node');
    const error = caught(() => loadNativeFrom(path));
    expect(error).toBeInstanceOf(FaissUnavailableError);
    expect(error).toMatchObject({
      name: 'FaissUnavailableError',
      message: `Faiss addon not found at ${path}: run \`npm run build:native\` (needs \`apt-get install libfaiss-dev libopenblas-dev\`)`,
      cause: expect.objectContaining({ code: 'ENOENT' }),
    });
  });

  it('passes on the dlopen error text', () => {
    const path = join(dir, 'not-elf.node');
    writeFileSync(path, 'not a shared object, just text '.repeat(10));
    const error = caught(() => loadNativeFrom(path));
    expect(error).toBeInstanceOf(FaissUnavailableError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Faiss addon at ${path} failed to load: .*invalid ELF header; run \`npm run build:native\``),
    );
    expect((error as FaissUnavailableError).cause).toBeDefined();
  });

  it('loads the built addon', () => {
    expect(loadNativeFrom(DEFAULT_ADDON_PATH).faissVersion).toBe('1.7.3');
    expect(isFaissAvailable()).toEqual({ ok: true });
  });
});

describe('lazy loading', () => {
  afterEach(() => jest.restoreAllMocks());

  it('does not load the addon on import, then loads it once', async () => {
    const dlopen = jest.spyOn(process, 'dlopen');
    await jest.isolateModulesAsync(async () => {
      const faiss = await import('./index');
      expect(dlopen).not.toHaveBeenCalled();
      faiss.loadFaissNative();
      expect(dlopen).toHaveBeenCalledTimes(1);
      faiss.loadFaissNative();
      faiss.FaissIndex.create(4, 'Flat', 'l2').dispose();
      expect(dlopen).toHaveBeenCalledTimes(1);
    });
  });
});
