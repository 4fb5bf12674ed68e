import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFileKey, buildPointerKey, buildShardPrefix, generationPrefix, templateInfoKey, templateKey } from '@shoal/storage';
import { GenerationStore } from './generation.store';
import { ShardLogErrorCode } from './shard-log.error';
import type { TemplateInfo } from './template-record';
import { InterceptingStore } from './testing/intercepting.store';
import { readDirContents, scratchDirs } from './testing/scratch-dirs.fixture';
import { objectStoreFixtures, uniqueCollection } from './testing/object-stores.fixture';

const fixtures = objectStoreFixtures();
const scratch = scratchDirs('shoal-generations-');

function infoOf(generation: number, sampleSize = 4000): TemplateInfo {
  return {
    generation,
    dimension: 16,
    metric: 'l2',
    index: { type: 'ivf_pq', nlist: 16, m: 4, nbits: 8 },
    sampleSize,
    scannedUpserts: 9000,
    trainSeconds: 1.5,
    recallEstimate: { recall: 0.93, k: 10, nprobe: 8, refine: 4, queries: 200, base: 4000 },
    createdAt: '2024-05-01T12:00:00.000Z',
  };
}

describe.each(fixtures)('GenerationStore on $kind', (fixture) => {
  const keysUnder = (prefix: string) => fixture.store.list(prefix);

  it('round-trips a template; the first committed one stays', async () => {
    const c = uniqueCollection();
    const generations = new GenerationStore(fixture.store);
    await expect(generations.getTemplate(c, 1)).rejects.toMatchObject({ code: ShardLogErrorCode.NotFound, generation: 1, message: `${c} generation 1 has no template (not trained yet, its upload did not finish, or it was deleted)` });
    expect(await generations.putTemplate(c, 1, Buffer.from('TEMPLATE-ONE'), infoOf(1))).toEqual(infoOf(1, 4000));
    expect(await generations.getTemplate(c, 1)).toEqual({ bytes: Buffer.from('TEMPLATE-ONE'), info: infoOf(1) });
    // A second training run of the same generation uploads nothing and gets the committed info.
    expect(await generations.putTemplate(c, 1, Buffer.from('TEMPLATE-TWO'), infoOf(1, 5000))).toEqual(infoOf(1, 4000));
    expect((await generations.getTemplate(c, 1)).bytes.toString()).toBe('TEMPLATE-ONE');
    expect(await keysUnder(generationPrefix(c, 1))).toHaveLength(2);
  });

  it('commits a template after its bytes, and a crash in between commits nothing', async () => {
    const c = uniqueCollection();
    const crashing = new GenerationStore(
      new InterceptingStore(fixture.store, (_call, key) => {
        if (key === templateInfoKey(c, 2)) throw new Error('process killed');
      }),
    );
    await expect(crashing.putTemplate(c, 2, Buffer.from('lost'), infoOf(2))).rejects.toThrow();
    const generations = new GenerationStore(fixture.store);
    await expect(generations.getTemplate(c, 2)).rejects.toMatchObject({ code: ShardLogErrorCode.NotFound });
    const recording = new InterceptingStore(fixture.store);
    await new GenerationStore(recording).putTemplate(c, 2, Buffer.from('kept'), infoOf(2));
    const upload = (await generations.templateRecord(c, 2))?.upload as string;
    expect(recording.writes).toEqual([`put ${templateKey(c, 2, upload)}`, `putIfAbsent ${templateInfoKey(c, 2)}`]);
    expect((await generations.getTemplate(c, 2)).bytes.toString()).toBe('kept');
  });

  it('reports a template whose bytes are missing or of the wrong size as CORRUPT', async () => {
    const c = uniqueCollection();
    const generations = new GenerationStore(fixture.store);
    await generations.putTemplate(c, 3, Buffer.from('0123456789'), infoOf(3));
    const key = templateKey(c, 3, (await generations.templateRecord(c, 3))?.upload as string);
    await fixture.store.put(key, Buffer.from('01234'));
    await expect(generations.getTemplate(c, 3)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('holds 5 bytes, the pointer says 10') });
    await fixture.store.delete(key);
    await expect(generations.getTemplate(c, 3)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('is missing') });
    await fixture.store.put(templateInfoKey(c, 3), Buffer.from('{"info":{},"upload":"x","bytes":3}'));
    await expect(generations.getTemplate(c, 3)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('info.generation') });
  });

  it('uploads a build, commits build.json last, and downloads it in place of the local directory', async () => {
    const c = uniqueCollection();
    const recording = new InterceptingStore(fixture.store);
    const generations = new GenerationStore(recording);
    expect(await generations.build(c, 4, 1)).toBeNull();
    const pointer = await generations.uploadBuild(c, 4, 1, await scratch.withFiles({ 'index.bin': 'INDEX', 'replica.json': '{}' }), 42, 'faiss');
    expect(pointer).toEqual({
      seq: 42,
      files: [
        { name: 'index.bin', bytes: 5 },
        { name: 'replica.json', bytes: 2 },
      ],
      createdAt: expect.any(String),
      backend: 'faiss',
      upload: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(recording.writes).toEqual([
      `putFile ${buildFileKey(c, 4, 1, pointer.upload, 'index.bin')}`,
      `putFile ${buildFileKey(c, 4, 1, pointer.upload, 'replica.json')}`,
      `putIfAbsent ${buildPointerKey(c, 4, 1)}`,
    ]);
    expect(await generations.build(c, 4, 1)).toEqual(pointer);
    expect(await generations.build(c, 4, 0)).toBeNull();
    const target = await scratch.withFiles({ 'stale.bin': 'serving partition' });
    await generations.downloadBuild(c, 4, 1, pointer, target);
    expect(await readDirContents(target)).toEqual({ 'index.bin': 'INDEX', 'replica.json': '{}' });
  });

  it('leaves no build when the upload dies before build.json; a later run commits its own files', async () => {
    const c = uniqueCollection();
    const crashing = new GenerationStore(
      new InterceptingStore(fixture.store, (_call, key) => {
        if (key === buildPointerKey(c, 5, 0)) throw new Error('process killed');
      }),
    );
    await expect(crashing.uploadBuild(c, 5, 0, await scratch.withFiles({ 'index.bin': 'first run' }), 10, 'faiss')).rejects.toThrow('process killed');
    const generations = new GenerationStore(fixture.store);
    expect(await generations.build(c, 5, 0)).toBeNull();
    const pointer = await generations.uploadBuild(c, 5, 0, await scratch.withFiles({ 'index.bin': 'second run' }), 11, 'faiss');
    const target = scratch.fresh('restored');
    await generations.downloadBuild(c, 5, 0, pointer, target);
    expect(await readDirContents(target)).toEqual({ 'index.bin': 'second run' });
  });

  it('never replaces a committed build: a duplicate run gets the committed pointer and leaves no files', async () => {
    const c = uniqueCollection();
    const generations = new GenerationStore(fixture.store);
    let winner: Awaited<ReturnType<GenerationStore['uploadBuild']>> | undefined;
    // Run A checks for a build, uploads, and just before its commit run B commits first.
    const racing = new GenerationStore(
      new InterceptingStore(fixture.store, async (call, key) => {
        if (call === 'putIfAbsent' && key === buildPointerKey(c, 6, 2)) winner = await generations.uploadBuild(c, 6, 2, await scratch.withFiles({ 'index.bin': 'run B' }), 20, 'faiss');
      }),
    );
    const loser = await racing.uploadBuild(c, 6, 2, await scratch.withFiles({ 'index.bin': 'run A!' }), 19, 'faiss');
    expect(loser).toEqual(winner);
    expect(await keysUnder(buildShardPrefix(c, 6, 2))).toEqual([buildPointerKey(c, 6, 2), buildFileKey(c, 6, 2, loser.upload, 'index.bin')].sort());
    const recording = new InterceptingStore(fixture.store);
    expect(await new GenerationStore(recording).uploadBuild(c, 6, 2, await scratch.withFiles({ 'index.bin': 'run C' }), 30, 'faiss')).toEqual(winner);
    expect(recording.writes).toEqual([]);
  });

  it('reports CORRUPT for a bad build pointer, a missing file and a file of the wrong size', async () => {
    const c = uniqueCollection();
    const generations = new GenerationStore(fixture.store);
    const pointer = await generations.uploadBuild(c, 7, 0, await scratch.withFiles({ 'index.bin': 'seven' }), 7, 'faiss');
    const target = scratch.fresh('corrupt');
    await fixture.store.put(buildFileKey(c, 7, 0, pointer.upload, 'index.bin'), Buffer.from('se'));
    await expect(generations.downloadBuild(c, 7, 0, pointer, target)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('holds 2 bytes') });
    await fixture.store.delete(buildFileKey(c, 7, 0, pointer.upload, 'index.bin'));
    await expect(generations.downloadBuild(c, 7, 0, pointer, target)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('missing') });
    expect((await readdir(scratch.root)).filter((name) => name.includes('corrupt-'))).toEqual([]);
    await expect(generations.downloadBuild(c, 7, 0, { ...pointer, upload: '../escape' }, target)).rejects.toThrow(RangeError);
    await fixture.store.put(buildPointerKey(c, 7, 0), Buffer.from('{"seq":7,"files":[],"createdAt":"x","backend":"faiss"}'));
    await expect(generations.build(c, 7, 0)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('upload undefined') });
  });

  it('lists, deletes and prunes generations of one collection only', async () => {
    const [c, other] = [uniqueCollection(), uniqueCollection()];
    const generations = new GenerationStore(fixture.store);
    for (const generation of [1, 2, 12]) await generations.putTemplate(c, generation, Buffer.from(`t${generation}`), infoOf(generation));
    await generations.uploadBuild(c, 2, 0, await scratch.withFiles({ 'index.bin': 'b' }), 3, 'faiss');
    // An abandoned build upload (no template, no commit) still makes its generation listed.
    await fixture.store.put(buildFileKey(c, 3, 0, 'abandoned', 'index.bin'), Buffer.from('x'));
    await generations.putTemplate(other, 1, Buffer.from('o1'), infoOf(1));
    expect(await generations.listGenerations(c)).toEqual([1, 2, 3, 12]);
    expect(await generations.pruneGenerations(c, 3)).toEqual([1, 2]);
    expect(await generations.listGenerations(c)).toEqual([3, 12]);
    expect(await generations.build(c, 2, 0)).toBeNull();
    await generations.deleteGeneration(c, 3);
    expect(await generations.listGenerations(c)).toEqual([12]);
    expect((await generations.getTemplate(c, 12)).bytes.toString()).toBe('t12');
    expect(await generations.listGenerations(other)).toEqual([1]);
    expect(await generations.pruneGenerations(c, 0)).toEqual([]);
  });
});

describe('GenerationStore arguments', () => {
  it('rejects an info of another generation, empty bytes, a negative seq or keepFrom, and a nested build directory', async () => {
    const generations = new GenerationStore(fixtures[0].store);
    const c = uniqueCollection();
    await expect(generations.putTemplate(c, 2, Buffer.from('x'), infoOf(1))).rejects.toThrow('info.generation 1 differs from generation 2');
    await expect(generations.putTemplate(c, 1, Buffer.alloc(0), infoOf(1))).rejects.toThrow('template bytes must not be empty');
    await expect(generations.uploadBuild(c, 1, 0, await scratch.withFiles({ 'a.bin': 'a' }), -1, 'faiss')).rejects.toThrow('seq must be a non-negative integer, got -1');
    await expect(generations.pruneGenerations(c, -1)).rejects.toThrow('keepFrom must be a non-negative integer, got -1');
    const nested = await scratch.withFiles({ 'a.bin': 'a' });
    await mkdir(join(nested, 'sub'));
    await expect(generations.uploadBuild(c, 1, 0, nested, 1, 'faiss')).rejects.toThrow(RangeError);
  });
});
