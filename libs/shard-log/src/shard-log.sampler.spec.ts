import type { LogOp } from '@shoal/contracts';
import { ShardLogReader } from './shard-log.reader';
import { sampleShardLogs, type LogSample } from './shard-log.sampler';
import { ShardLogWriter } from './shard-log.writer';
import { counterAllocator, objectStoreFixtures, uniqueCollection } from './testing/object-stores.fixture';

const fixtures = objectStoreFixtures();
const d = 2;
/** Upserts per shard: very different sizes, so a per-shard quota would badly over-sample shard 1. */
const SHARD_SIZES = [2000, 200];
const TOTAL = SHARD_SIZES[0] + SHARD_SIZES[1];

/** Vector i of shard s is [s, i]: a sampled row says where it came from. */
const originOf = (values: Float32Array, row: number) => ({ shard: values[row * d], index: values[row * d + 1] });
const keysOf = (values: Float32Array, count: number) =>
  Array.from({ length: count }, (_, row) => {
    const { shard, index } = originOf(values, row);
    return `${shard}:${index}`;
  });

describe.each(fixtures)('sampleShardLogs on $kind', (fixture) => {
  const c = uniqueCollection();
  let reader: ShardLogReader;
  const draw = (seed: number, sampleSize = 300, heldOut = 100, shards = 2) => sampleShardLogs(reader, c, shards, { dimension: d, sampleSize, heldOut, seed });

  beforeAll(async () => {
    const writer = new ShardLogWriter(fixture.store, counterAllocator());
    for (const [shard, size] of SHARD_SIZES.entries()) {
      const perSegment = Math.min(100, size / 4);
      for (let first = 0; first < size; first += perSegment) {
        const ops: LogOp[] = Array.from({ length: perSegment }, (_, i) => ({ op: 'upsert', id: `s${shard}-${first + i}` }));
        const values = new Float32Array(Array.from({ length: perSegment }, (_, i) => [shard, first + i]).flat());
        await writer.append({ collection: c, shard, dimension: d, ops, values });
      }
    }
    reader = new ShardLogReader(fixture.store);
  });

  it('draws disjoint training and held-out rows, and reports what it read', async () => {
    const sample = await draw(1);
    expect(sample).toMatchObject({ trainCount: 300, heldOutCount: 100, scannedUpserts: TOTAL, lastSeqs: [20, 4] });
    expect(sample.train).toHaveLength(300 * d);
    expect(sample.heldOut).toHaveLength(100 * d);
    const keys = [...keysOf(sample.train, 300), ...keysOf(sample.heldOut, 100)];
    expect(new Set(keys).size).toBe(400);
    expect((await draw(1, 300, 100, 3)).lastSeqs).toEqual([20, 4, 0]);
  });

  it('is deterministic for a seed, and another seed draws another sample', async () => {
    const [a, b, other] = await Promise.all([draw(7), draw(7), draw(8)]);
    expect(b).toEqual(a);
    expect(other.train).not.toEqual(a.train);
  });

  it('samples every upsert with the same chance, whatever the size of its shard', async () => {
    const draws: LogSample[] = [];
    for (let seed = 1; seed <= 10; seed++) draws.push(await draw(seed));
    // 11 equally likely bins: shard 0 in ten slices of 200 indices, and shard 1 (200 upserts).
    const bins = new Array<number>(11).fill(0);
    let heldOutFromShard1 = 0;
    for (const sample of draws) {
      for (const [values, count] of [
        [sample.train, sample.trainCount],
        [sample.heldOut, sample.heldOutCount],
      ] as const) {
        for (let row = 0; row < count; row++) {
          const { shard, index } = originOf(values, row);
          bins[shard === 1 ? 10 : Math.floor(index / 200)]++;
          if (shard === 1 && values === sample.heldOut) heldOutFromShard1++;
        }
      }
    }
    const expected = (10 * 400) / 11;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // 29.6 is the 0.999 quantile of chi-square with 10 degrees of freedom.
    expect(chiSquare).toBeLessThan(29.6);
    // Held-out rows are uniform too: 1000 of them, 200/2200 expected from shard 1 (sd ≈ 9).
    expect(Math.abs(heldOutFromShard1 - (1000 * SHARD_SIZES[1]) / TOTAL)).toBeLessThan(40);
  });

  it('shrinks both parts in proportion when the logs hold fewer upserts than asked for', async () => {
    const short = await draw(3, 2000, 500);
    expect(short).toMatchObject({ trainCount: 1760, heldOutCount: 440 });
    const everything = await draw(3, 5000, 10);
    expect(everything).toMatchObject({ trainCount: TOTAL - 4, heldOutCount: 4 });
    expect(new Set([...keysOf(everything.train, TOTAL - 4), ...keysOf(everything.heldOut, 4)]).size).toBe(TOTAL);
  });
});

describe('sampleShardLogs input', () => {
  it('skips what replicas refuse (another dimension, non-finite values), deletes and empty segments', async () => {
    const store = fixtures[0].store;
    const c = uniqueCollection();
    const writer = new ShardLogWriter(store, counterAllocator());
    const upsert = (id: string): LogOp => ({ op: 'upsert', id });
    await writer.append({ collection: c, shard: 0, dimension: d, ops: [upsert('ok'), upsert('nan')], values: new Float32Array([1, 1, NaN, 0]) });
    await writer.append({ collection: c, shard: 0, dimension: 3, ops: [upsert('wide')], values: new Float32Array([1, 2, 3]) });
    await writer.append({ collection: c, shard: 0, dimension: d, ops: [{ op: 'delete', id: 'ok' }], values: new Float32Array(0) });
    await writer.append({ collection: c, shard: 0, dimension: 0, ops: [], values: new Float32Array(0) });
    const sample = await sampleShardLogs(new ShardLogReader(store), c, 1, { dimension: d, sampleSize: 10, heldOut: 0, seed: 1 });
    expect(sample).toEqual({ train: new Float32Array([1, 1]), trainCount: 1, heldOut: new Float32Array(0), heldOutCount: 0, scannedUpserts: 1, lastSeqs: [4] });
  });

  it('names the bad option', async () => {
    const reader = { readAfter: async () => [] };
    const options = { dimension: 2, sampleSize: 10, heldOut: 0, seed: 1 };
    await expect(sampleShardLogs(reader, 'c', 0, options)).rejects.toThrow('shards must be an integer ≥ 1, got 0');
    await expect(sampleShardLogs(reader, 'c', 1, { ...options, sampleSize: 0 })).rejects.toThrow('sampleSize must be an integer ≥ 1, got 0');
    await expect(sampleShardLogs(reader, 'c', 1, { ...options, heldOut: -1 })).rejects.toThrow('heldOut must be an integer ≥ 0, got -1');
    await expect(sampleShardLogs(reader, 'c', 1, { ...options, dimension: 1.5 })).rejects.toThrow('dimension must be an integer ≥ 1, got 1.5');
  });
});
