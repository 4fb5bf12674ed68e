import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { collectionPrefix, segmentKey } from '@shoal/storage';
import { ShardLogErrorCode } from './shard-log.error';
import { CLAIM_FILE, latestPointerKey, snapshotFileKey, snapshotsPrefix } from './snapshot-keys';
import { SnapshotStore } from './snapshot.store';
import { InterceptingStore } from './testing/intercepting.store';
import { readDirContents, scratchDirs } from './testing/scratch-dirs.fixture';
import { objectStoreFixtures, uniqueCollection } from './testing/object-stores.fixture';

const fixtures = objectStoreFixtures();
const scratch = scratchDirs('shoal-snapshots-');

describe.each(fixtures)('SnapshotStore on $kind', (fixture) => {
  const snapshotSeqs = async (c: string) =>
    [...new Set((await fixture.store.list(snapshotsPrefix(c, 0))).map((key) => key.slice(snapshotsPrefix(c, 0).length).split('/')[0]))].sort();

  it('round-trips a snapshot: upload, latest, download replacing the local directory', async () => {
    const c = uniqueCollection();
    const snapshots = new SnapshotStore(fixture.store);
    expect(await snapshots.latest(c, 0)).toBeNull();
    const pointer = await snapshots.upload(c, 0, 42, await scratch.withFiles({ 'ids.bin': 'IDS', 'index.faiss': 'INDEX-BYTES' }), 'exact');
    expect(pointer).toEqual({ seq: 42, files: [{ name: 'ids.bin', bytes: 3 }, { name: 'index.faiss', bytes: 11 }], createdAt: expect.any(String), backend: 'exact' });
    expect(await snapshots.latest(c, 0)).toEqual(pointer);
    const target = await scratch.withFiles({ 'stale.bin': 'old partition' });
    await snapshots.download(c, 0, pointer, target);
    expect(await readDirContents(target)).toEqual({ 'ids.bin': 'IDS', 'index.faiss': 'INDEX-BYTES' });
    const fresh = join(scratch.fresh('nested'), 'partition');
    await snapshots.download(c, 0, pointer, fresh);
    expect(await readDirContents(fresh)).toEqual({ 'ids.bin': 'IDS', 'index.faiss': 'INDEX-BYTES' });
  });

  it('writes latest.json last and keeps only the newest two snapshots', async () => {
    const c = uniqueCollection();
    const recording = new InterceptingStore(fixture.store);
    const snapshots = new SnapshotStore(recording);
    for (const seq of [10, 20, 30]) await snapshots.upload(c, 0, seq, await scratch.withFiles({ 'a.bin': `a${seq}`, 'b.bin': `b${seq}` }), 'exact');
    expect(await snapshotSeqs(c)).toEqual(['00000000000000000020', '00000000000000000030', 'latest.json']);
    expect((await snapshots.latest(c, 0))?.seq).toBe(30);
    const claim = `putIfAbsent ${snapshotFileKey(c, 0, 30, CLAIM_FILE)}`;
    const lastUpload = recording.writes.slice(recording.writes.indexOf(claim));
    const commit = lastUpload.indexOf(`put ${latestPointerKey(c, 0)}`);
    expect(lastUpload.slice(0, commit + 1)).toEqual([
      claim,
      `putFile ${snapshotFileKey(c, 0, 30, 'a.bin')}`,
      `putFile ${snapshotFileKey(c, 0, 30, 'b.bin')}`,
      `put ${latestPointerKey(c, 0)}`,
    ]);
    // Only pruning follows the commit.
    expect(lastUpload.slice(commit + 1)).toEqual([`deletePrefix ${snapshotsPrefix(c, 0)}00000000000000000010/`]);
  });

  it('leaves the previous snapshot in force when the upload dies before the pointer', async () => {
    const c = uniqueCollection();
    const snapshots = new SnapshotStore(fixture.store);
    const before = await snapshots.upload(c, 0, 5, await scratch.withFiles({ 'p.bin': 'five' }), 'exact');
    const crashing = new SnapshotStore(
      new InterceptingStore(fixture.store, (_call, key) => {
        if (key === latestPointerKey(c, 0)) throw new Error('process killed');
      }),
    );
    await expect(crashing.upload(c, 0, 9, await scratch.withFiles({ 'p.bin': 'nine' }), 'exact')).rejects.toThrow();
    expect(await fixture.store.exists(snapshotFileKey(c, 0, 9, 'p.bin'))).toBe(true);
    expect(await snapshots.latest(c, 0)).toEqual(before);
    const target = scratch.fresh('restored');
    await snapshots.download(c, 0, before, target);
    expect(await readDirContents(target)).toEqual({ 'p.bin': 'five' });
    // The crashed upload's claim stays: nobody can mix files into that half-written directory.
    await expect(snapshots.upload(c, 0, 9, await scratch.withFiles({ 'p.bin': 'nine again' }), 'exact')).rejects.toMatchObject({
      code: ShardLogErrorCode.SnapshotConflict,
      seq: 9,
    });
    const after = await snapshots.upload(c, 0, 12, await scratch.withFiles({ 'p.bin': 'twelve' }), 'exact');
    expect(await snapshots.latest(c, 0)).toEqual(after);
    expect(await snapshotSeqs(c)).toEqual(['00000000000000000005', '00000000000000000009', '00000000000000000012', 'latest.json']);
  });

  it('never moves the pointer back: an older or equal seq uploads nothing and returns the committed pointer', async () => {
    const c = uniqueCollection();
    const snapshots = new SnapshotStore(fixture.store);
    const committed = await snapshots.upload(c, 0, 50, await scratch.withFiles({ 'p.bin': 'fifty' }), 'exact');
    expect(await snapshots.upload(c, 0, 40, await scratch.withFiles({ 'p.bin': 'forty' }), 'exact')).toEqual(committed);
    expect(await snapshots.upload(c, 0, 50, await scratch.withFiles({ 'p.bin': 'fifty again' }), 'exact')).toEqual(committed);
    expect(await snapshotSeqs(c)).toEqual(['00000000000000000050', 'latest.json']);
  });

  it('reports CORRUPT for a bad pointer, a missing file and a file of the wrong size', async () => {
    const c = uniqueCollection();
    const snapshots = new SnapshotStore(fixture.store);
    const pointer = await snapshots.upload(c, 0, 7, await scratch.withFiles({ 'p.bin': 'seven' }), 'exact');
    const target = scratch.fresh('corrupt');
    await fixture.store.put(snapshotFileKey(c, 0, 7, 'p.bin'), Buffer.from('truncated'.slice(0, 2)));
    await expect(snapshots.download(c, 0, pointer, target)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('holds 2 bytes') });
    await fixture.store.delete(snapshotFileKey(c, 0, 7, 'p.bin'));
    await expect(snapshots.download(c, 0, pointer, target)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('missing') });
    // Failed downloads leave neither the target nor their staging directory behind.
    expect((await readdir(scratch.root)).filter((name) => name.includes('corrupt-'))).toEqual([]);
    await fixture.store.put(latestPointerKey(c, 0), Buffer.from('{"seq":7,"files":[{"name":"../escape","bytes":1}],"createdAt":"x","backend":"exact"}'));
    await expect(snapshots.latest(c, 0)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt });
    await fixture.store.put(latestPointerKey(c, 0), Buffer.from('{not json'));
    await expect(snapshots.latest(c, 0)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt });
  });

  it('deletes every object of a collection, and no other', async () => {
    const [c, other] = [uniqueCollection(), uniqueCollection()];
    const snapshots = new SnapshotStore(fixture.store);
    for (const name of [c, other]) {
      await snapshots.upload(name, 1, 3, await scratch.withFiles({ 'p.bin': name }), 'exact');
      await fixture.store.put(segmentKey(name, 1, 1), Buffer.from('segment'));
    }
    await snapshots.deleteCollection(c);
    expect(await fixture.store.list(collectionPrefix(c))).toEqual([]);
    expect(await snapshots.latest(other, 1)).not.toBeNull();
    expect(await fixture.store.exists(segmentKey(other, 1, 1))).toBe(true);
  });
});

describe('SnapshotStore arguments', () => {
  it('rejects a bad keep, a nested local directory, the reserved claim name and a negative seq', async () => {
    const store = fixtures[0].store;
    expect(() => new SnapshotStore(store, { keep: 0 })).toThrow(RangeError);
    const snapshots = new SnapshotStore(store);
    const nested = await scratch.withFiles({ 'a.bin': 'a' });
    await mkdir(join(nested, 'sub'));
    await expect(snapshots.upload(uniqueCollection(), 0, 1, nested, 'exact')).rejects.toThrow(RangeError);
    await expect(snapshots.upload(uniqueCollection(), 0, 1, await scratch.withFiles({ [CLAIM_FILE]: 'x' }), 'exact')).rejects.toThrow(RangeError);
    await expect(snapshots.upload(uniqueCollection(), 0, -1, await scratch.withFiles({ 'a.bin': 'a' }), 'exact')).rejects.toThrow(RangeError);
  });
});
