import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exactKnn, gaussianMixture } from '@shoal/datasets';
import { Partition } from './partition';

const d = 16;

function records(data: Float32Array, prefix = 'v', from = 0, count = data.length / d) {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${from + i}`, values: data.subarray((from + i) * d, (from + i + 1) * d) }));
}

describe('Partition on the mock backend', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-partition-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const base = gaussianMixture({ n: 1000, d, clusters: 8, seed: 11 });
  const queries = gaussianMixture({ n: 20, d, clusters: 8, seed: 12 });

  function mockPartition(metric: 'l2' | 'ip' | 'cosine' = 'l2') {
    return Partition.create({ dimension: d, metric, backend: 'mock', index: { type: 'ivf_pq', nlist: 8, m: 4 } });
  }

  it('is exact brute force whatever the spec says, and says so', async () => {
    const p = mockPartition();
    await p.upsert(records(base.data));
    expect(p.describe()).toMatchObject({ backend: 'exact_mock', exact: true });
    const hits = await p.search(queries.data, { k: 10 });
    const truth = exactKnn(base, queries, 10, 'l2');
    expect(hits.map((row) => row.map((h) => Number(h.id.slice(1))))).toEqual(
      Array.from({ length: queries.n }, (_, q) => Array.from(truth.ids.subarray(q * 10, q * 10 + 10))),
    );
  });

  it('upsert replaces an existing id; delete removes; get returns values and metadata', async () => {
    const p = mockPartition();
    await p.upsert([
      { id: 'a', values: new Array(d).fill(0), metadata: { color: 'red' } },
      { id: 'b', values: new Array(d).fill(5) },
    ]);
    await p.upsert([{ id: 'a', values: new Array(d).fill(10), metadata: { color: 'blue' } }]);
    expect(p.size).toBe(2);
    expect(p.get('a')).toEqual({ id: 'a', values: new Float32Array(d).fill(10), metadata: { color: 'blue' } });
    let hits = await p.search(new Float32Array(d), { k: 5, includeMetadata: true });
    expect(hits[0].map((h) => h.id)).toEqual(['b', 'a']);
    expect(hits[0][1].metadata).toEqual({ color: 'blue' });
    expect(await p.delete(['b', 'missing'])).toEqual({ deleted: 1 });
    hits = await p.search(new Float32Array(d), { k: 5 });
    expect(hits[0].map((h) => h.id)).toEqual(['a']);
    expect(p.get('b')).toBeUndefined();
    expect(p.stats()).toMatchObject({ vectors: 1, deadSlots: 2 });
  });

  it('rejects a bad batch whole and changes nothing', async () => {
    const p = mockPartition();
    await p.upsert([{ id: 'keep', values: new Array(d).fill(1) }]);
    const good = { id: 'x', values: new Array(d).fill(0) };
    expect(() => p.upsert([good, { id: 'y', values: [1, 2] }])).toThrow('records[1].values has 2 numbers, the dimension is 16');
    expect(() => p.upsert([good, { id: 'x', values: new Array(d).fill(0) }])).toThrow('records[1].id "x" duplicates records[0].id');
    expect(() => p.upsert([good, { id: '', values: new Array(d).fill(0) }])).toThrow('records[1].id must be a non-empty string');
    const nan = new Array(d).fill(0);
    nan[3] = NaN;
    expect(() => p.upsert([good, { id: 'z', values: nan }])).toThrow('records[1].values[3] must be a finite float32 (got NaN)');
    const huge = new Array(d).fill(0);
    huge[0] = 1e39;
    expect(() => p.upsert([{ id: 'h', values: huge }])).toThrow('records[0].values[0] must be a finite float32 (got 1e+39)');
    expect(() => p.upsert([{ id: 'm', values: new Array(d).fill(0), metadata: [] as unknown as Record<string, unknown> }])).toThrow(
      'records[0].metadata must be a JSON object',
    );
    expect(p.size).toBe(1);
    expect(p.has('x')).toBe(false);
  });

  it('honours allowedIds', async () => {
    const p = mockPartition('cosine');
    await p.upsert(records(base.data));
    const hits = await p.search(queries.data.subarray(0, d), { k: 10, allowedIds: ['v3', 'v30', 'v300', 'nope'] });
    expect(hits[0].map((h) => h.id).sort()).toEqual(['v3', 'v30', 'v300']);
  });

  it('save/load round-trips exactly, including deletes and metadata', async () => {
    const p = mockPartition('ip');
    await p.upsert(records(base.data).map((r, i) => ({ ...r, metadata: { i } })));
    await p.delete(['v1', 'v2', 'v3']);
    await p.upsert([{ id: 'v4', values: new Array(d).fill(0.5) }]);
    await p.save(join(dir, 'p'));
    const loaded = await Partition.load(join(dir, 'p'));
    expect(loaded.size).toBe(p.size);
    expect(await loaded.search(queries.data, { k: 10, includeMetadata: true })).toEqual(
      await p.search(queries.data, { k: 10, includeMetadata: true }),
    );
    expect(loaded.get('v4')).toEqual(p.get('v4'));
    await p.save(join(dir, 'p'));
    expect((await Partition.load(join(dir, 'p'))).size).toBe(p.size);
  });

  it('refuses a corrupt snapshot', async () => {
    const p = mockPartition();
    await p.upsert(records(base.data, 'v', 0, 10));
    await p.save(join(dir, 'p'));
    await writeFile(join(dir, 'p', 'vectors.f32'), Buffer.alloc(10));
    await expect(Partition.load(join(dir, 'p'))).rejects.toThrow('vectors.f32');
  });

  it('validates options with the field and the rule', () => {
    expect(() => Partition.create({ dimension: 0, metric: 'l2', backend: 'mock', index: { type: 'flat' } })).toThrow(
      'dimension must be an integer between 1 and 65536, got 0',
    );
    expect(() => Partition.create({ dimension: 10, metric: 'l2', backend: 'mock', index: { type: 'ivf_pq', nlist: 4, m: 3 } })).toThrow(
      'index.m must divide the dimension 10, got 3',
    );
  });
});
