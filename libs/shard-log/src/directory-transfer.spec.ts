import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { tempDir } from '@shoal/testing';
import { downloadFiles, readRecordedObject, uploadFiles, type StoredDirectory } from './directory-transfer';
import { listFlatFiles } from './local-snapshot-dir';
import { ShardLogErrorCode } from './shard-log.error';

describe('directory transfer', () => {
  let work: string;
  let store: ObjectStore;
  beforeAll(async () => {
    work = await tempDir('shoal-transfer-');
    store = await createObjectStore({ kind: 'fs', root: join(work, 'objects') });
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  const directory: StoredDirectory = { label: 'Test directory', fileKey: (name) => `dirs/one/${name}`, details: { collection: 'c', shard: 2 } };

  it('uploads a local directory and downloads it in place of another', async () => {
    const source = join(work, 'source');
    await mkdir(source);
    await writeFile(join(source, 'a.bin'), 'AAA');
    await writeFile(join(source, 'b.bin'), 'B');
    const files = await listFlatFiles(source);
    await uploadFiles(store, files, directory);
    expect(await store.list('dirs/one/')).toEqual(['dirs/one/a.bin', 'dirs/one/b.bin']);
    const target = join(work, 'target');
    await mkdir(target);
    await writeFile(join(target, 'old.bin'), 'old');
    await downloadFiles(store, files, directory, target);
    expect((await readdir(target)).sort()).toEqual(['a.bin', 'b.bin']);
    expect(await readFile(join(target, 'a.bin'), 'utf8')).toBe('AAA');
  });

  it('reads one recorded object, refusing a missing one or one of another size', async () => {
    await store.put('dirs/two/t.bin', Buffer.from('0123'));
    expect((await readRecordedObject(store, 'dirs/two/t.bin', 4, 'The thing', { collection: 'c' })).toString()).toBe('0123');
    await expect(readRecordedObject(store, 'dirs/two/t.bin', 5, 'The thing', { collection: 'c' })).rejects.toMatchObject({
      code: ShardLogErrorCode.Corrupt,
      message: 'The thing is unusable: "dirs/two/t.bin" holds 4 bytes, the pointer says 5',
      key: 'dirs/two/t.bin',
    });
    await expect(readRecordedObject(store, 'dirs/two/gone.bin', 4, 'The thing', { collection: 'c' })).rejects.toMatchObject({
      code: ShardLogErrorCode.Corrupt,
      message: expect.stringContaining('"dirs/two/gone.bin" is missing'),
    });
  });
});
