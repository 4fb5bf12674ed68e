import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeTopK, shardOf } from '@shoal/cluster';
import { gaussianMixture, loadFashionMnist, sampleRows, type VectorSet } from '@shoal/datasets';
import { FaissIvfPqIndex } from './faiss-ivf-pq.index';
import type { IvfPqIndexSpec } from './index-spec';
import { trainIvfPqTemplate } from './ivf-pq-template';
import { Partition } from './partition';
import type { PartitionHit, PartitionRecord } from './partition.types';
import type { DistanceMetric } from './vector-index';

function recordsOf(set: VectorSet, prefix = 'v'): PartitionRecord[] {
  return Array.from({ length: set.n }, (_, i) => ({ id: `${prefix}${i}`, values: set.data.subarray(i * set.d, (i + 1) * set.d) }));
}

const closeTo = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

/**
 * Same top-k apart from exact ties: equal distances rank by rank, and the same ids except among
 * hits tied with the k-th distance (which of them make the cut is arbitrary).
 */
function expectSameTopK(actual: PartitionHit[], expected: PartitionHit[]): void {
  expect(actual.map((hit, j) => closeTo(hit.distance, expected[j].distance))).toEqual(expected.map(() => true));
  const cutoff = expected[expected.length - 1].distance;
  const clearIds = (hits: PartitionHit[]) => hits.filter((hit) => !closeTo(hit.distance, cutoff)).map((hit) => hit.id).sort();
  expect(clearIds(actual)).toEqual(clearIds(expected));
}

describe('Partition.adoptTemplate: one template for every shard', () => {
  const cases: { name: string; metric: DistanceMetric; spec: IvfPqIndexSpec; data: () => Promise<{ base: VectorSet; queries: VectorSet }> }[] = [
    {
      name: 'Fashion-MNIST, l2',
      metric: 'l2',
      spec: { type: 'ivf_pq', nlist: 16, m: 16, nbits: 8, nprobe: 4, refine: 1 },
      data: async () => {
        const { train, test } = await loadFashionMnist({ trainLimit: 5000, testLimit: 40 });
        return { base: train, queries: test };
      },
    },
    {
      name: 'synthetic clusters, cosine',
      metric: 'cosine',
      spec: { type: 'ivf_pq', nlist: 16, m: 8, nbits: 8, nprobe: 4, refine: 1 },
      data: async () => ({ base: gaussianMixture({ n: 5000, d: 32, clusters: 30, seed: 41 }), queries: gaussianMixture({ n: 40, d: 32, clusters: 30, seed: 42 }) }),
    },
  ];

  it.each(cases)('two shards merged answer exactly like one index holding every vector ($name)', async ({ metric, spec, data }) => {
    const { base, queries } = await data();
    const options = { dimension: base.d, metric, index: spec };
    const template = await trainIvfPqTemplate(options, sampleRows(base, 4000, 7).data);
    const all = recordsOf(base);
    const shards = [0, 1].map(() => Partition.create({ ...options, backend: 'faiss' }));
    await Promise.all(shards.map((shard, s) => shard.upsert(all.filter((record) => shardOf(record.id, 2) === s))));
    const single = Partition.create({ ...options, backend: 'faiss' });
    await single.upsert(all);
    const reports = await Promise.all([...shards, single].map((partition) => partition.adoptTemplate(template)));
    expect(reports.map((report) => report.indexedVectors)).toEqual([shards[0].size, shards[1].size, base.n]);
    expect(shards[0].size + shards[1].size).toBe(base.n);
    expect(single.stats()).toMatchObject({ trained: true, indexed: base.n, tail: 0 });

    const k = 10;
    const perShard = await Promise.all(shards.map((shard) => shard.search(queries.data, { k })));
    const expected = await single.search(queries.data, { k });
    for (let q = 0; q < queries.n; q++) expectSameTopK(mergeTopK([perShard[0][q], perShard[1][q]], k), expected[q]);
    [...shards, single].forEach((partition) => partition.dispose());
  });

  it('is what makes the merge exact: shards that train their own index answer differently', async () => {
    const base = gaussianMixture({ n: 5000, d: 32, clusters: 30, seed: 41 });
    const queries = gaussianMixture({ n: 40, d: 32, clusters: 30, seed: 42 });
    const options = { dimension: 32, metric: 'l2' as const, index: cases[1].spec, backend: 'faiss' as const };
    const all = recordsOf(base);
    const shards = [0, 1].map(() => Partition.create(options));
    await Promise.all(shards.map(async (shard, s) => shard.upsert(all.filter((record) => shardOf(record.id, 2) === s)).then(() => shard.train())));
    const single = Partition.create(options);
    await single.upsert(all);
    await single.train();
    const perShard = await Promise.all(shards.map((shard) => shard.search(queries.data, { k: 10 })));
    const expected = await single.search(queries.data, { k: 10 });
    const differing = expected.filter((hits, q) => mergeTopK([perShard[0][q], perShard[1][q]], 10).some((hit, j) => !closeTo(hit.distance, hits[j].distance)));
    expect(differing.length).toBeGreaterThan(queries.n / 2);
    [...shards, single].forEach((partition) => partition.dispose());
  });
});

describe('Partition.adoptTemplate', () => {
  const d = 16;
  const spec = { type: 'ivf_pq' as const, nlist: 8, m: 4, nbits: 4, nprobe: 4 };
  const base = gaussianMixture({ n: 3000, d, clusters: 12, seed: 51 });
  const queries = gaussianMixture({ n: 20, d, clusters: 12, seed: 52 });
  const options = { dimension: d, metric: 'l2' as const, index: spec };
  let template: Buffer;
  let dir: string;

  beforeAll(async () => {
    template = await trainIvfPqTemplate(options, base.data);
    dir = await mkdtemp(join(tmpdir(), 'shoal-partition-template-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function filled(overrides: Partial<Parameters<typeof Partition.create>[0]> = {}): Promise<Partition> {
    const partition = Partition.create({ ...options, backend: 'faiss', ...overrides });
    await partition.upsert(recordsOf(base));
    return partition;
  }

  it('refuses a template that does not fit, and the partition carries on unchanged', async () => {
    const partition = await filled();
    const before = await partition.search(queries.data, { k: 5 });
    const wide = await trainIvfPqTemplate({ ...options, dimension: 32 }, gaussianMixture({ n: 500, d: 32, seed: 1 }).data);
    const untrained = FaissIvfPqIndex.create(d, 'l2', spec);
    const full = await FaissIvfPqIndex.deserialize(template, 'l2', spec);
    await full.add(base.data.subarray(0, 100 * d), BigInt64Array.from({ length: 100 }, (_, i) => BigInt(i)));
    const refusals: [Uint8Array, string][] = [
      [wide, 'template has dimension 32, the partition has 16'],
      [await untrained.serialize(), 'template is not trained'],
      [await full.serialize(), 'template holds 100 vectors; a template must be empty'],
      [await trainIvfPqTemplate({ ...options, index: { ...spec, nlist: 4 } }, base.data), "template is a IVF4,PQ4x4 index, the partition's spec builds IVF8,PQ4x4"],
      [await trainIvfPqTemplate({ ...options, metric: 'ip' }, base.data), 'template uses the Faiss metric "ip", a l2 partition needs "l2"'],
      [Buffer.from('not an index'), 'template is not a Faiss index: invalid index buffer'],
    ];
    untrained.dispose();
    full.dispose();
    for (const [bytes, message] of refusals) await expect(partition.adoptTemplate(bytes)).rejects.toThrow(message);
    expect(partition.stats()).toMatchObject({ trained: false, tail: base.n });
    expect(await partition.search(queries.data, { k: 5 })).toEqual(before);
    partition.dispose();
  });

  it.each([
    { name: 'an HNSW coarse quantizer', layout: { coarse: 'hnsw' as const } },
    { name: '8-bit codes', layout: { nbits: 8 } },
  ])('adopts templates of every layout the spec can describe ($name)', async ({ layout }) => {
    const partition = await filled({ index: { ...spec, ...layout } });
    const own = await trainIvfPqTemplate({ ...options, index: { ...spec, ...layout } }, base.data);
    expect(await partition.adoptTemplate(own)).toMatchObject({ indexedVectors: base.n });
    expect((await partition.search(queries.data, { k: 3 }))[0]).toHaveLength(3);
    partition.dispose();
  });

  it('is for IVF-PQ partitions on Faiss only', async () => {
    const mock = await filled({ backend: 'mock' });
    await expect(mock.adoptTemplate(template)).rejects.toThrow('adoptTemplate needs an IVF-PQ partition on the Faiss backend; this one is ivf_pq on mock');
    const flat = await filled({ index: { type: 'flat' } });
    await expect(flat.adoptTemplate(template)).rejects.toThrow('this one is flat on faiss');
    mock.dispose();
    flat.dispose();
  });

  it('keeps answering searches while it builds and swaps, again and again', async () => {
    const partition = await filled();
    for (let round = 0; round < 3; round++) {
      let adopted = false;
      const adopting = partition.adoptTemplate(template).finally(() => {
        adopted = true;
      });
      const answered: PartitionHit[][][] = [];
      do {
        answered.push(await partition.search(queries.data, { k: 5 }));
        // Let the adoption's native work complete between searches, so some run across the swap.
        await new Promise(setImmediate);
      } while (!adopted);
      expect((await adopting).indexedVectors).toBe(base.n);
      for (const hits of answered) expect(hits.map((row) => row.length)).toEqual(new Array(queries.n).fill(5));
      // Rebuilt from the same template with the same vectors, the index answers the same before and after.
      if (round > 0) for (const hits of answered) expect(hits).toEqual(answered[0]);
    }
    expect(partition.stats()).toMatchObject({ trained: true, indexed: base.n, tail: 0 });
    partition.dispose();
  });

  it('round-trips through save and load', async () => {
    const partition = await filled();
    await partition.adoptTemplate(template);
    await partition.upsert([{ id: 'late', values: new Float32Array(d).fill(3) }]);
    await partition.delete(['v7']);
    await partition.save(join(dir, 'adopted'));
    const loaded = await Partition.load(join(dir, 'adopted'));
    const { indexBytes: _a, indexBytesPerVector: _b, ...stats } = partition.stats();
    expect(loaded.stats()).toMatchObject({ ...stats, indexed: base.n - 1, tail: 1 });
    for (const search of [{ k: 10 }, { k: 10, nprobe: 1 }, { k: 10, refine: 3 }]) {
      expect(await loaded.search(queries.data, search)).toEqual(await partition.search(queries.data, search));
    }
    expect(loaded.describe().params.descriptor).toBe('IVF8,PQ4x4np');
    partition.dispose();
    loaded.dispose();
  });
});
