import { encodeLogSegment, type LogSegment } from '@shoal/contracts';
import { segmentKey, segmentPrefix } from '@shoal/storage';
import { ShardLogErrorCode } from './shard-log.error';
import { ShardLogReader } from './shard-log.reader';
import { ShardLogWriter } from './shard-log.writer';
import { emptySegment } from './stored-segment';
import { InterceptingStore } from './testing/intercepting.store';
import { batchOf, objectStoreFixtures, uniqueCollection } from './testing/object-stores.fixture';

const fixtures = objectStoreFixtures();
const HOLE_MS = 5000;

/** A writer whose allocator hands out exactly the seqs listed, like Redis would to several coordinators. */
function writerWithSeqs(store: ConstructorParameters<typeof ShardLogWriter>[0], ...seqs: number[]): ShardLogWriter {
  return new ShardLogWriter(store, async () => {
    const seq = seqs.shift();
    if (seq === undefined) throw new Error('no seq left');
    return seq;
  });
}

/** A reader with a clock the test moves. */
function readerAt(store: ConstructorParameters<typeof ShardLogReader>[0], options: { batchLimit?: number } = {}) {
  const clock = { now: 1_000_000 };
  return { clock, reader: new ShardLogReader(store, { holeMs: HOLE_MS, now: () => clock.now, ...options }) };
}

const seqsOf = (segments: LogSegment[]) => segments.map((segment) => segment.seq);

describe.each(fixtures)('ShardLogReader on $kind', (fixture) => {
  it('returns the segments after a watermark in seq order, a page at a time', async () => {
    const c = uniqueCollection();
    const writer = writerWithSeqs(fixture.store, 1, 2, 3, 4, 5);
    for (let i = 0; i < 5; i++) await writer.append(batchOf(c, 2, [`id${i}`], i));
    const { reader } = readerAt(fixture.store, { batchLimit: 3 });
    const firstPage = await reader.readAfter(c, 2, 0);
    expect(seqsOf(firstPage)).toEqual([1, 2, 3]);
    expect(firstPage[1]).toEqual({ ...batchOf(c, 2, ['id1'], 1), seq: 2 });
    expect(seqsOf(await reader.readAfter(c, 2, 3))).toEqual([4, 5]);
    expect(await reader.readAfter(c, 2, 5)).toEqual([]);
    expect(await reader.read(c, 2, 6)).toBeNull();
    expect(await reader.readAfter(c, 7, 0)).toEqual([]);
  });

  it('waits for a young hole, then seals it, and the slow writer gets SEGMENT_LOST', async () => {
    const c = uniqueCollection();
    await writerWithSeqs(fixture.store, 1).append(batchOf(c, 0, ['a']));
    await writerWithSeqs(fixture.store, 3).append(batchOf(c, 0, ['c']));
    const { clock, reader } = readerAt(fixture.store);
    expect(seqsOf(await reader.readAfter(c, 0, 0))).toEqual([1]);
    clock.now += HOLE_MS - 1;
    expect(seqsOf(await reader.readAfter(c, 0, 1))).toEqual([]);
    clock.now += 1;
    const segments = await reader.readAfter(c, 0, 1);
    expect(segments).toEqual([emptySegment(c, 0, 2), { ...batchOf(c, 0, ['c']), seq: 3 }]);
    await expect(writerWithSeqs(fixture.store, 2).append(batchOf(c, 0, ['b']))).rejects.toMatchObject({ code: ShardLogErrorCode.SegmentLost, seq: 2 });
    expect(await reader.read(c, 0, 2)).toEqual(emptySegment(c, 0, 2));
  });

  it('applies the real segment when its writer stores it before the hole times out', async () => {
    const c = uniqueCollection();
    await writerWithSeqs(fixture.store, 2).append(batchOf(c, 0, ['b']));
    const { clock, reader } = readerAt(fixture.store);
    expect(await reader.readAfter(c, 0, 0)).toEqual([]);
    await writerWithSeqs(fixture.store, 1).append(batchOf(c, 0, ['a']));
    clock.now += HOLE_MS * 2;
    expect((await reader.readAfter(c, 0, 0)).map((segment) => segment.ops)).toEqual([[{ op: 'upsert', id: 'a' }], [{ op: 'upsert', id: 'b' }]]);
  });

  it('applies the real segment when its writer wins the race against the seal', async () => {
    const c = uniqueCollection();
    const slowWrite = writerWithSeqs(fixture.store, 1);
    // The writer stores seq 1 just before the reader's seal reaches the store.
    const racing = new InterceptingStore(fixture.store, async (call, key) => {
      if (call === 'putIfAbsent' && key === segmentKey(c, 0, 1)) await slowWrite.append(batchOf(c, 0, ['late']));
    });
    await writerWithSeqs(fixture.store, 2).append(batchOf(c, 0, ['b']));
    const { clock, reader } = readerAt(racing);
    await reader.readAfter(c, 0, 0);
    clock.now += HOLE_MS;
    const segments = await reader.readAfter(c, 0, 0);
    expect(segments.map((segment) => segment.ops[0])).toEqual([
      { op: 'upsert', id: 'late' },
      { op: 'upsert', id: 'b' },
    ]);
  });

  it('ages consecutive holes together and does not treat the end of the log as a hole', async () => {
    const c = uniqueCollection();
    await writerWithSeqs(fixture.store, 3).append(batchOf(c, 0, ['c']));
    const { clock, reader } = readerAt(fixture.store);
    expect(await reader.readAfter(c, 0, 0)).toEqual([]);
    clock.now += HOLE_MS;
    expect(seqsOf(await reader.readAfter(c, 0, 0))).toEqual([1, 2, 3]);
    clock.now += HOLE_MS * 10;
    expect(await reader.readAfter(c, 0, 3)).toEqual([]);
    expect(await fixture.store.list(segmentPrefix(c, 0))).toHaveLength(3);
  });

  it('detects corrupt segments: garbage, a flipped bit, a segment under the wrong key', async () => {
    const c = uniqueCollection();
    const { reader } = readerAt(fixture.store);
    const good = encodeLogSegment({ ...batchOf(c, 0, ['a']), seq: 1 });
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1] ^= 0x01;
    await fixture.store.put(segmentKey(c, 0, 1), Buffer.from('not a segment'));
    await fixture.store.put(segmentKey(c, 0, 2), flipped);
    await fixture.store.put(segmentKey(c, 0, 3), good);
    await expect(reader.readAfter(c, 0, 0)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, seq: 1 });
    await expect(reader.read(c, 0, 2)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining('checksum') });
    await expect(reader.read(c, 0, 3)).rejects.toMatchObject({ code: ShardLogErrorCode.Corrupt, message: expect.stringContaining(`holds ${c}/0#1`) });
  });

  it('ignores stray objects under the log prefix', async () => {
    const c = uniqueCollection();
    await writerWithSeqs(fixture.store, 1).append(batchOf(c, 0, ['a']));
    await fixture.store.put(`${segmentPrefix(c, 0)}README`, Buffer.from('x'));
    expect(seqsOf(await readerAt(fixture.store).reader.readAfter(c, 0, 0))).toEqual([1]);
  });
});

describe('ShardLogReader options', () => {
  it('rejects a negative hole timeout and a non-positive batch limit', () => {
    const store = fixtures[0].store;
    expect(() => new ShardLogReader(store, { holeMs: -1 })).toThrow(RangeError);
    expect(() => new ShardLogReader(store, { batchLimit: 0 })).toThrow(RangeError);
  });
});
