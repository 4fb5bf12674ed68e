import { rm } from 'node:fs/promises';
import { createObjectStore, type ObjectStore } from '@shoal/storage';
import { tempDir } from '@shoal/testing';
import { ShardLogErrorCode } from './shard-log.error';
import { readStoredJson } from './stored-json';

describe('readStoredJson', () => {
  let root: string;
  let store: ObjectStore;
  beforeAll(async () => {
    root = await tempDir('shoal-stored-json-');
    store = await createObjectStore({ kind: 'fs', root });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const positive = (value: unknown) => (typeof value === 'number' && value > 0 ? null : 'not a positive number');
  const read = (key: string) => readStoredJson<number>(store, key, 'test pointer', positive, { collection: 'c' });

  it('resolves the valid value, and null for a missing key', async () => {
    await store.put('a/ok.json', Buffer.from('42'));
    expect(await read('a/ok.json')).toBe(42);
    expect(await read('a/missing.json')).toBeNull();
  });

  it('reports invalid JSON and a value the check refuses as CORRUPT, naming the key and the problem', async () => {
    await store.put('a/bad.json', Buffer.from('{oops'));
    await expect(read('a/bad.json')).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, key: 'a/bad.json', collection: 'c' });
    await store.put('a/negative.json', Buffer.from('-1'));
    await expect(read('a/negative.json')).rejects.toMatchObject({
      code: ShardLogErrorCode.Corrupt,
      message: 'The test pointer "a/negative.json" is corrupt: not a positive number',
    });
  });
});
