import type { LogSegment } from '@shoal/contracts';
import { ShardLogReader } from './shard-log.reader';
import { replayLog } from './shard-log.replay';
import { ShardLogWriter } from './shard-log.writer';
import { batchOf, objectStoreFixtures, uniqueCollection } from './testing/object-stores.fixture';

const fixtures = objectStoreFixtures();

describe.each(fixtures)('replayLog on $kind', (fixture) => {
  /** A log of `seqs` (each segment upserts one id named after its seq) and a reader paging 3 segments at a time. */
  async function logWith(seqs: number[]) {
    const c = uniqueCollection();
    const pending = [...seqs];
    const writer = new ShardLogWriter(fixture.store, async () => pending.shift() as number);
    for (const seq of seqs) await writer.append(batchOf(c, 0, [`id${seq}`], seq));
    return { c, reader: new ShardLogReader(fixture.store, { batchLimit: 3, holeMs: 60_000 }) };
  }

  it('applies every segment after the watermark in order, across pages, and resolves the last seq', async () => {
    const { c, reader } = await logWith([1, 2, 3, 4, 5, 6, 7]);
    const applied: LogSegment[] = [];
    expect(await replayLog(reader, c, 0, 0, async (segment) => void applied.push(segment))).toBe(7);
    expect(applied.map((segment) => segment.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(applied[4].ops).toEqual([{ op: 'upsert', id: 'id5' }]);
    const seqs: number[] = [];
    expect(await replayLog(reader, c, 0, 4, async (segment) => void seqs.push(segment.seq))).toBe(7);
    expect(seqs).toEqual([5, 6, 7]);
    expect(await replayLog(reader, c, 0, 7, async () => {
      throw new Error('nothing is left to apply');
    })).toBe(7);
  });

  it('stops at a failing segment and passes the error on', async () => {
    const { c, reader } = await logWith([1, 2, 3, 4]);
    const seqs: number[] = [];
    const apply = async (segment: LogSegment) => {
      if (segment.seq === 3) throw new Error('refused');
      seqs.push(segment.seq);
    };
    await expect(replayLog(reader, c, 0, 0, apply)).rejects.toThrow('refused');
    expect(seqs).toEqual([1, 2]);
  });

  it('stops before a hole the reader still waits for', async () => {
    const { c, reader } = await logWith([1, 2, 4]);
    const seqs: number[] = [];
    expect(await replayLog(reader, c, 0, 0, async (segment) => void seqs.push(segment.seq))).toBe(2);
    expect(seqs).toEqual([1, 2]);
  });
});
