import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createObjectStore } from './create-object-store';
import { FilesystemObjectStore } from './fs.store';
import { StorageErrorCode } from './storage.error';
import { describeObjectStoreContract } from './testing/object-store.contract';

const roots: string[] = [];
async function newRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'shoal-fs-store-'));
  roots.push(root);
  return root;
}
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describeObjectStoreContract('filesystem', async () => createObjectStore({ kind: 'fs', root: await newRoot() }));

describe('FilesystemObjectStore', () => {
  let root: string;
  let store: FilesystemObjectStore;

  beforeEach(async () => {
    root = await newRoot();
    store = new FilesystemObjectStore({ root });
    await store.init();
  });

  it('keeps one file per key under the root and no staging leftovers', async () => {
    await store.put('collections/c/manifest.json', Buffer.from('{}'));
    await store.putIfAbsent('collections/c/shards/0/log/1.seg', Buffer.from('s'));
    expect(await readFile(join(root, 'collections', 'c', 'manifest.json'), 'utf8')).toBe('{}');
    expect(await readdir(join(root, '.staging~'))).toEqual([]);
  });

  it('lets exactly one of many concurrent putIfAbsent calls win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.putIfAbsent('race/seg', Buffer.from(`writer ${i}`))));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await store.get('race/seg')).toString()).toBe(`writer ${winner}`);
  });

  it('sorts by key, not by directory walk ("a-b" before "a/b", as S3 does)', async () => {
    for (const k of ['a/b', 'a-b', 'a0', 'a/a']) await store.put(k, Buffer.from(k));
    expect(await store.list('')).toEqual(['a-b', 'a/a', 'a/b', 'a0']);
    expect(await store.list('', { startAfter: 'a-b' })).toEqual(['a/a', 'a/b', 'a0']);
  });

  it('reports a key that collides with a directory of other keys as INVALID_KEY', async () => {
    await store.put('a/b', Buffer.from('x'));
    await expect(store.put('a', Buffer.from('y'))).rejects.toMatchObject({ code: StorageErrorCode.InvalidKey });
    await expect(store.put('a/b/c', Buffer.from('y'))).rejects.toMatchObject({ code: StorageErrorCode.InvalidKey });
    expect(await store.stat('a')).toBeNull();
    await expect(store.get('a')).rejects.toMatchObject({ code: StorageErrorCode.NotFound });
  });

  it('ignores files no key could name', async () => {
    await store.put('real', Buffer.from('x'));
    await writeFile(join(root, 'has space'), 'x');
    await writeFile(join(root, 'partial.part~'), 'x');
    expect(await store.list('')).toEqual(['real']);
  });

  it('init removes staged files left by a crash long ago but keeps recent ones', async () => {
    const staging = join(root, '.staging~');
    await writeFile(join(staging, 'old'), 'x');
    await writeFile(join(staging, 'recent'), 'x');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(staging, 'old'), twoHoursAgo, twoHoursAgo);
    await store.init();
    expect(await readdir(staging)).toEqual(['recent']);
  });

  it('putFile of a missing source fails with IO', async () => {
    await expect(store.putFile('k', join(root, 'no-such-file'))).rejects.toMatchObject({ code: StorageErrorCode.Io });
  });

  it('ping fails with UNAVAILABLE when the data directory is gone', async () => {
    await rm(root, { recursive: true });
    await expect(store.ping()).rejects.toMatchObject({ code: StorageErrorCode.Unavailable });
  });

  it('works before init by creating directories on demand', async () => {
    const fresh = new FilesystemObjectStore({ root: join(await newRoot(), 'not', 'yet') });
    await fresh.put('k', Buffer.from('v'));
    expect((await fresh.get('k')).toString()).toBe('v');
    expect((await stat(fresh.root)).isDirectory()).toBe(true);
  });

  it('getToFile replaces an existing target file', async () => {
    await store.put('k', Buffer.from('new'));
    const target = join(await newRoot(), 'target');
    await writeFile(target, 'old');
    await store.getToFile('k', target);
    expect(await readFile(target, 'utf8')).toBe('new');
  });
});
