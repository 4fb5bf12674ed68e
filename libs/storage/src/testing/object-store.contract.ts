import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer as readAll } from 'node:stream/consumers';
import { segmentKey, segmentPrefix } from '../keys';
import type { ObjectStore } from '../object-store';
import { ObjectNotFoundError, StorageErrorCode } from '../storage.error';

const MiB = 1024 * 1024;

/** Bigger than the 5 MiB part size the S3 tests configure, so S3 uploads these in parts. */
const LARGE_OBJECT_BYTES = 5 * MiB + 512 * 1024;
const LARGE_FILE_BYTES = 6 * MiB + 123;

const INVALID_KEYS = ['', '/etc/passwd', '../escape', 'a/../../b', 'a//b', 'a/', 'a/./b', 'a b', 'a\\b', 'a%2Fb', 'x'.repeat(1025)];

async function expectCode(promise: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: expect.stringMatching(/Error$/), code });
}

/**
 * The behaviour every {@link ObjectStore} must have, run against each implementation. Each test
 * works under its own key prefix and deletes it afterwards, so one store serves the whole suite.
 */
export function describeObjectStoreContract(name: string, makeStore: () => Promise<ObjectStore>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;
    let scratch: string;
    let prefix: string;
    let testNumber = 0;
    const key = (suffix: string) => `${prefix}${suffix}`;

    beforeAll(async () => {
      store = await makeStore();
      scratch = await mkdtemp(join(tmpdir(), 'shoal-store-contract-'));
    });
    afterAll(() => rm(scratch, { recursive: true, force: true }));
    beforeEach(() => {
      prefix = `contract/t${++testNumber}/`;
    });
    afterEach(async () => {
      await store.deletePrefix(prefix);
    });

    it('round-trips binary bodies, including every byte value and a Uint8Array view', async () => {
      const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await store.put(key('bytes.bin'), allBytes);
      expect((await store.get(key('bytes.bin'))).equals(allBytes)).toBe(true);

      const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
      await store.put(key('view.bin'), backing.subarray(2, 5));
      expect([...(await store.get(key('view.bin')))]).toEqual([1, 2, 3]);
    });

    it('stores an empty object', async () => {
      await store.put(key('empty'), Buffer.alloc(0));
      expect((await store.get(key('empty'))).length).toBe(0);
      expect(await store.stat(key('empty'))).toMatchObject({ size: 0 });
    });

    it('round-trips an object larger than 5 MB', async () => {
      const body = randomBytes(LARGE_OBJECT_BYTES);
      await store.put(key('large.bin'), body);
      expect((await store.get(key('large.bin'))).equals(body)).toBe(true);
      expect(await store.stat(key('large.bin'))).toMatchObject({ size: LARGE_OBJECT_BYTES });
    });

    it('replaces an object on put', async () => {
      await store.put(key('k'), Buffer.from('first'));
      await store.put(key('k'), Buffer.from('second'));
      expect((await store.get(key('k'))).toString()).toBe('second');
    });

    it('putIfAbsent writes once and then refuses without changing the object', async () => {
      const segment = segmentKey('contract', 0, 1).replace('collections/', key(''));
      expect(await store.putIfAbsent(segment, Buffer.from('winner'))).toBe(true);
      expect(await store.putIfAbsent(segment, Buffer.from('loser'))).toBe(false);
      expect((await store.get(segment)).toString()).toBe('winner');
    });

    it('putFile and getToFile move a large file both ways, creating the target directory', async () => {
      const source = join(scratch, `${testNumber}-source.bin`);
      const target = join(scratch, `${testNumber}`, 'nested', 'target.bin');
      const body = randomBytes(LARGE_FILE_BYTES);
      await writeFile(source, body);
      await store.putFile(key('snapshot/index.faiss'), source);
      expect(await store.stat(key('snapshot/index.faiss'))).toMatchObject({ size: LARGE_FILE_BYTES });
      await store.getToFile(key('snapshot/index.faiss'), target);
      expect((await readFile(target)).equals(body)).toBe(true);
    });

    it('getToFile onto a directory fails with IO and leaves no partial file', async () => {
      await store.put(key('k'), Buffer.from('v'));
      const directory = join(scratch, `${testNumber}-dir`);
      await mkdir(directory);
      await expectCode(store.getToFile(key('k'), directory), StorageErrorCode.Io);
      expect(await readdir(scratch)).not.toContainEqual(expect.stringMatching(/~$/));
    });

    it('getStream streams the object', async () => {
      const body = randomBytes(100_000);
      await store.put(key('stream.bin'), body);
      const stream = await store.getStream(key('stream.bin'));
      expect((await readAll(stream)).equals(body)).toBe(true);
    });

    it('getStream starts at a byte offset: 0, mid-object, and the end (an empty stream)', async () => {
      const body = randomBytes(100_000);
      await store.put(key('ranged.bin'), body);
      const from = async (start: number) => readAll(await store.getStream(key('ranged.bin'), { start }));
      expect((await from(0)).equals(body)).toBe(true);
      expect((await from(12_345)).equals(body.subarray(12_345))).toBe(true);
      expect((await from(body.length - 1)).equals(body.subarray(-1))).toBe(true);
      expect((await from(body.length)).length).toBe(0);
      await store.put(key('empty'), Buffer.alloc(0));
      expect((await readAll(await store.getStream(key('empty'), { start: 0 }))).length).toBe(0);
    });

    it('getStream refuses a start past the end, or not a non-negative integer, with a RangeError', async () => {
      await store.put(key('short.bin'), Buffer.from('0123456789'));
      const pastEnd = await store.getStream(key('short.bin'), { start: 11 }).catch((e: unknown) => e);
      expect(pastEnd).toBeInstanceOf(RangeError);
      expect((pastEnd as Error).message).toBe(`getStream "${key('short.bin')}": start 11 is past the end of the object (10 bytes)`);
      for (const start of [-1, 1.5, Number.NaN]) {
        await expect(store.getStream(key('short.bin'), { start })).rejects.toThrow(/start must be a non-negative integer/);
      }
      await expectCode(store.getStream(key('missing.bin'), { start: 3 }), StorageErrorCode.NotFound);
      await expectCode(store.getStream(key('missing.bin'), { start: 0 }), StorageErrorCode.NotFound);
    });

    it('reports missing objects as NOT_FOUND, null or false', async () => {
      const missing = key('missing.bin');
      const error = await store.get(missing).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect(error).toMatchObject({ code: StorageErrorCode.NotFound, key: missing });
      await expectCode(store.getStream(missing), StorageErrorCode.NotFound);
      const target = join(scratch, `${testNumber}-never.bin`);
      await expectCode(store.getToFile(missing, target), StorageErrorCode.NotFound);
      await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await store.stat(missing)).toBeNull();
      expect(await store.exists(missing)).toBe(false);
    });

    it('stat reports size and modification time', async () => {
      const before = Date.now();
      await store.put(key('stat.bin'), Buffer.alloc(1234));
      const info = await store.stat(key('stat.bin'));
      expect(info?.size).toBe(1234);
      expect(info?.modified).toBeInstanceOf(Date);
      // S3 keeps Last-Modified to the second.
      expect(info?.modified.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
      expect(await store.exists(key('stat.bin'))).toBe(true);
    });

    it('lists keys in lexicographic order, which is numeric order for segment keys', async () => {
      const log = segmentPrefix('contract', 3).replace('collections/', key(''));
      const segment = (seq: number) => segmentKey('contract', 3, seq).replace('collections/', key(''));
      for (const seq of [10, 2, 100, 1, 9]) await store.put(segment(seq), Buffer.from(String(seq)));
      expect(await store.list(log)).toEqual([1, 2, 9, 10, 100].map(segment));
      expect(await store.list(log, { startAfter: segment(9) })).toEqual([10, 100].map(segment));
      expect(await store.list(log, { startAfter: segment(3) })).toEqual([9, 10, 100].map(segment));
      expect(await store.list(log, { limit: 2 })).toEqual([1, 2].map(segment));
      expect(await store.list(log, { startAfter: segment(2), limit: 2 })).toEqual([9, 10].map(segment));
      expect(await store.list(log, { limit: 0 })).toEqual([]);
      expect(await store.list(log, { startAfter: segment(100) })).toEqual([]);
    });

    it('lists nested keys and keeps sibling prefixes apart', async () => {
      const keys = ['a/1', 'a/b/2', 'a/c', 'ab/3', 'b'].map(key);
      for (const k of [...keys].reverse()) await store.put(k, Buffer.from(k));
      expect(await store.list(prefix)).toEqual(keys);
      expect(await store.list(key('a/'))).toEqual(['a/1', 'a/b/2', 'a/c'].map(key));
      expect(await store.list(key('a'))).toEqual(['a/1', 'a/b/2', 'a/c', 'ab/3'].map(key));
      expect(await store.list(key('a/b'))).toEqual([key('a/b/2')]);
      expect(await store.list(key('a/'), { startAfter: key('a/b/2') })).toEqual([key('a/c')]);
      expect(await store.list(key('nothing/'))).toEqual([]);
    });

    it('pages through more keys than one S3 list response holds', async () => {
      const keys = Array.from({ length: 1005 }, (_, i) => key(`many/${String(i).padStart(5, '0')}`));
      for (let i = 0; i < keys.length; i += 50) {
        await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, Buffer.from('x'))));
      }
      expect(await store.list(key('many/'))).toEqual(keys);
      expect(await store.list(key('many/'), { startAfter: keys[2], limit: 1001 })).toEqual(keys.slice(3, 1004));
      expect(await store.deletePrefix(key('many/'))).toBe(1005);
      expect(await store.list(key('many/'))).toEqual([]);
    });

    it('delete is idempotent', async () => {
      await store.put(key('doomed'), Buffer.from('x'));
      await store.delete(key('doomed'));
      await store.delete(key('doomed'));
      await store.delete(key('never-existed'));
      expect(await store.exists(key('doomed'))).toBe(false);
    });

    it('deletePrefix deletes only under the prefix and counts what it deleted', async () => {
      for (const k of ['gen/1/a', 'gen/1/b', 'gen/1/sub/c', 'gen/10/a', 'gen/2']) await store.put(key(k), Buffer.from(k));
      expect(await store.deletePrefix(key('gen/1/'))).toBe(3);
      expect(await store.list(key('gen/'))).toEqual([key('gen/10/a'), key('gen/2')]);
      expect(await store.deletePrefix(key('gen/1/'))).toBe(0);
      await expectCode(store.deletePrefix(''), StorageErrorCode.InvalidKey);
    });

    it('rejects invalid keys with INVALID_KEY before touching anything', async () => {
      for (const bad of INVALID_KEYS) {
        await expectCode(store.put(bad, Buffer.from('x')), StorageErrorCode.InvalidKey);
        await expectCode(store.putIfAbsent(bad, Buffer.from('x')), StorageErrorCode.InvalidKey);
        await expectCode(store.get(bad), StorageErrorCode.InvalidKey);
        await expectCode(store.stat(bad), StorageErrorCode.InvalidKey);
        await expectCode(store.delete(bad), StorageErrorCode.InvalidKey);
      }
      await expectCode(store.putFile('../x', join(scratch, 'none')), StorageErrorCode.InvalidKey);
      await expectCode(store.getToFile('/abs', join(scratch, 'none')), StorageErrorCode.InvalidKey);
      await expectCode(store.getStream('a//b'), StorageErrorCode.InvalidKey);
      await expectCode(store.list('../'), StorageErrorCode.InvalidKey);
      await expectCode(store.list('/abs'), StorageErrorCode.InvalidKey);
      await expect(store.list(prefix, { limit: -1 })).rejects.toBeInstanceOf(RangeError);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
