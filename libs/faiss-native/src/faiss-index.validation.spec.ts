import { FaissIndex, type FaissMetric, type FaissSearchOptions } from './index';

import { clusteredVectors, sequentialIds } from './testing/synthetic';

// Wrong types go through `unknown` casts: the point is what a JS caller gets at run time.
function as<T>(value: unknown): T {
  return value as T;
}

type ErrorClass = typeof Error | typeof TypeError | typeof RangeError;

// Errors made by the addon belong to Node's main realm, not Jest's sandbox, so `instanceof`
// fails under Jest even for a real RangeError; compare the class name and the exact message.
function expectError(error: unknown, type: ErrorClass, message: string): void {
  expect(error).toMatchObject({ name: type.name, message });
}

async function expectRejection(promise: Promise<unknown>, type: ErrorClass, message: string): Promise<void> {
  expectError(await promise.then(() => undefined, (reason: unknown) => reason), type, message);
}

function expectThrow(call: () => unknown, type: ErrorClass, message: string): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expectError(thrown, type, message);
}

const d = 32;
const vectors = clusteredVectors(1000, d, 7);
const ids = sequentialIds(1000);

describe('FaissIndex: argument validation', () => {
  const flat = FaissIndex.create(128, 'Flat', 'l2');
  afterAll(() => flat.dispose());

  it('rejects vectors whose length is not a multiple of the dimension', async () => {
    const message = 'vectors length 130 is not a multiple of dimension 128';
    await expectRejection(flat.addWithIds(new Float32Array(130), new BigInt64Array(1)), RangeError, message);
    await expect(flat.train(new Float32Array(130))).rejects.toThrow(message);
  });

  it('rejects queries whose length is not a multiple of the dimension', async () => {
    await expect(flat.search(new Float32Array(130), 5)).rejects.toThrow(
      'queries length 130 is not a multiple of dimension 128',
    );
  });

  it('rejects ids that do not match the vectors', async () => {
    await expect(flat.addWithIds(new Float32Array(4 * 128), new BigInt64Array(3))).rejects.toThrow(
      'ids length 3 does not match the 4 vectors given',
    );
  });

  it('rejects non-finite values with their index', async () => {
    const bad = new Float32Array(2 * 128);
    bad[17] = Number.NaN;
    await expect(flat.addWithIds(bad, new BigInt64Array(2))).rejects.toThrow(
      'vectors contain a non-finite value (NaN or Infinity) at index 17',
    );
    await expect(flat.train(bad)).rejects.toThrow('vectors contain a non-finite value (NaN or Infinity) at index 17');
    const query = new Float32Array(128);
    query[40] = Number.POSITIVE_INFINITY;
    await expect(flat.search(query, 1)).rejects.toThrow(
      'queries contain a non-finite value (NaN or Infinity) at index 40',
    );
    expect(flat.ntotal).toBe(0);
  });

  it.each([
    [0, RangeError, 'k must be a positive integer <= 2048, got 0'],
    [2049, RangeError, 'k must be a positive integer <= 2048, got 2049'],
    [1.5, RangeError, 'k must be a positive integer <= 2048, got 1.5'],
    ['5', TypeError, 'k must be a positive integer <= 2048, got string'],
  ])('rejects k = %p', async (k, type, message) => {
    await expectRejection(flat.search(new Float32Array(128), as<number>(k)), type, message);
  });

  it('accepts k = 2048', async () => {
    const { labels } = await flat.search(new Float32Array(128), 2048);
    expect(labels).toHaveLength(2048);
  });

  it.each([
    [0, 'nprobe must be a positive integer, got 0'],
    [-1, 'nprobe must be a positive integer, got -1'],
    [2.5, 'nprobe must be a positive integer, got 2.5'],
  ])('rejects nprobe = %p', async (nprobe, message) => {
    await expectRejection(flat.search(new Float32Array(128), 1, { nprobe }), RangeError, message);
  });

  it.each([
    ['train', () => flat.train(as(new Float64Array(128))), 'vectors must be a Float32Array, got Float64Array'],
    ['addWithIds', () => flat.addWithIds(as(Array.from({ length: 128 }, () => 0)), new BigInt64Array(1)), 'vectors must be a Float32Array, got Array'],
    ['addWithIds ids', () => flat.addWithIds(new Float32Array(128), as(new Int32Array(1))), 'ids must be a BigInt64Array, got Int32Array'],
    ['search', () => flat.search(as(new Float64Array(128)), 1), 'queries must be a Float32Array, got Float64Array'],
    ['search options', () => flat.search(new Float32Array(128), 1, as<FaissSearchOptions>('fast')), 'options must be an object, got string'],
    ['allowedIds', () => flat.search(new Float32Array(128), 1, { allowedIds: as([1n, 2n]) }), 'allowedIds must be a BigInt64Array, got Array'],
    ['removeIds', () => flat.removeIds(as([1, 2])), 'ids must be a BigInt64Array, got Array'],
    ['writeFile', () => flat.writeFile(as(42)), 'path must be a string, got number'],
    ['fromBuffer', () => FaissIndex.fromBuffer(as('abc')), 'bytes must be a Uint8Array or Buffer, got string'],
    ['readFile', () => FaissIndex.readFile(as(undefined)), 'path must be a string, got undefined'],
  ])('rejects a wrong type with a TypeError naming the argument (%s)', async (_name, call, message) => {
    await expectRejection(call(), TypeError, message);
  });
});

describe('FaissIndex.create: validation', () => {
  it('rejects a PQ m that does not divide the dimension', () => {
    expect(() => FaissIndex.create(d, 'IVF16,PQ7', 'l2')).toThrow('PQ m=7 must divide the dimension 32');
    expect(() => FaissIndex.create(d, 'PQ5', 'l2')).toThrow('PQ m=5 must divide the dimension 32');
    expect(() => FaissIndex.create(128, 'OPQ8_60,IVF16,PQ7', 'l2')).toThrow('PQ m=8 must divide the dimension 60');
  });

  it("surfaces faiss's own message for a bad descriptor", () => {
    expect(() => FaissIndex.create(d, 'IVF16,Bogus', 'l2')).toThrow(
      "invalid index descriptor 'IVF16,Bogus': could not parse code description Bogus in IVF16,Bogus",
    );
  });

  it('rejects a descriptor that would silently ignore the metric', () => {
    expect(() => FaissIndex.create(d, 'HNSW8_PQ4', 'ip')).toThrow(
      "index descriptor 'HNSW8_PQ4' does not support metric 'ip' in faiss 1.7.3 (it builds an 'l2' index)",
    );
  });

  it('rejects a bad metric and dimension', () => {
    expectThrow(() => FaissIndex.create(d, 'Flat', as<FaissMetric>('cosine')), RangeError, "metric must be 'l2' or 'ip', got 'cosine'");
    expectThrow(() => FaissIndex.create(0, 'Flat', 'l2'), RangeError, 'dimension must be a positive integer <= 1048576, got 0');
    expectThrow(() => FaissIndex.create(d, as(null), 'l2'), TypeError, 'descriptor must be a string, got null');
  });
});

describe('FaissIndex: training', () => {
  it.each([
    ['IVF16,PQ8', 'index is not trained: call train() with at least 256 vectors first'],
    ['IVF64,Flat', 'index is not trained: call train() with at least 64 vectors first'],
  ])('refuses to add to or search an untrained %s', async (descriptor, message) => {
    const index = FaissIndex.create(d, descriptor, 'l2');
    await expect(index.addWithIds(vectors.subarray(0, d), ids.subarray(0, 1))).rejects.toThrow(message);
    await expect(index.search(vectors.subarray(0, d), 1)).rejects.toThrow(message);
    index.dispose();
  });

  it.each([
    ['IVF64,Flat', 10, 'training needs at least 64 vectors for nlist=64, got 10 (Faiss recommends at least 39*nlist = 2496)'],
    ['IVF16,PQ8', 100, 'training needs at least 2^8=256 vectors for PQ nbits=8, got 100 (Faiss recommends at least 39*2^8 = 9984)'],
    ['IVF512,PQ8', 300, 'training needs at least 512 vectors for nlist=512, got 300 (Faiss recommends at least 39*nlist = 19968)'],
    ['PQ8x4', 10, 'training needs at least 2^4=16 vectors for PQ nbits=4, got 10 (Faiss recommends at least 39*2^4 = 624)'],
  ])('names the larger training bound (%s with %d vectors)', async (descriptor, count, message) => {
    const index = FaissIndex.create(d, descriptor, 'l2');
    await expect(index.train(vectors.subarray(0, count * d))).rejects.toThrow(message);
    expect(index.isTrained).toBe(false);
    index.dispose();
  });

  it('refuses to retrain an index that holds vectors', async () => {
    const index = FaissIndex.create(d, 'IVF16,Flat', 'l2');
    await index.train(vectors);
    await index.addWithIds(vectors.subarray(0, 100 * d), ids.subarray(0, 100));
    await expect(index.train(vectors)).rejects.toThrow('index already holds 100 vectors: train a new index instead');
    index.dispose();
  });
});

describe('FaissIndex: faiss errors become rejected promises', () => {
  it('rejects bytes that are not an index', async () => {
    await expect(FaissIndex.fromBuffer(new Uint8Array(100))).rejects.toThrow(
      'invalid index buffer: Index type 0x00000000 ("\\x00\\x00\\x00\\x00") not recognized',
    );
  });

  it('rejects a truncated index', async () => {
    const index = FaissIndex.create(d, 'Flat', 'l2');
    await index.addWithIds(vectors.subarray(0, 10 * d), ids.subarray(0, 10));
    const bytes = await index.toBuffer();
    await expect(FaissIndex.fromBuffer(bytes.subarray(0, 50))).rejects.toThrow(/^invalid index buffer: read error/);
    index.dispose();
  });

  it('rejects a missing file and an unwritable path', async () => {
    await expect(FaissIndex.readFile('/nonexistent/shard.faiss')).rejects.toThrow(
      'could not load index file /nonexistent/shard.faiss: could not open /nonexistent/shard.faiss for reading: No such file or directory',
    );
    const index = FaissIndex.create(d, 'Flat', 'l2');
    await expect(index.writeFile('/nonexistent/shard.faiss')).rejects.toThrow(
      /^could not write the index to \/nonexistent\/shard.faiss: could not open .* for writing: No such file or directory$/,
    );
    index.dispose();
  });

  it('rejects an operation the index type does not implement', async () => {
    const index = FaissIndex.create(d, 'HNSW8', 'l2');
    await index.addWithIds(vectors.subarray(0, 10 * d), ids.subarray(0, 10));
    await expect(index.removeIds(ids.subarray(0, 1))).rejects.toThrow('remove_ids not implemented for this type of index');
    index.dispose();
  });

  it('rejects search options a fast-scan index cannot honour', async () => {
    // With l2, PQ fast-scan has a distance computer and allowedIds works; with ip it has none.
    const flatFastScan = FaissIndex.create(d, 'PQ8x4fs', 'ip');
    await flatFastScan.train(vectors);
    await flatFastScan.addWithIds(vectors, ids);
    await expect(flatFastScan.search(vectors.subarray(0, d), 1, { allowedIds: ids })).rejects.toThrow(
      'allowedIds is not supported for index type PQ8x4fs (it has no distance computer in faiss 1.7.3)',
    );
    const ivfFastScan = FaissIndex.create(d, 'IVF16,PQ8x4fs', 'l2');
    await ivfFastScan.train(vectors);
    await expect(ivfFastScan.search(vectors.subarray(0, d), 1, { nprobe: 4 })).rejects.toThrow(
      'nprobe and allowedIds are not supported for IVF fast-scan indexes in faiss 1.7.3',
    );
    flatFastScan.dispose();
    ivfFastScan.dispose();
  });
});

describe('FaissIndex.dispose', () => {
  it('makes every later call fail with "index disposed"', async () => {
    const index = FaissIndex.create(d, 'Flat', 'l2');
    index.dispose();
    expect(index.dimension).toBe(d);
    expect(() => index.ntotal).toThrow('index disposed');
    expect(() => index.memoryUsage()).toThrow('index disposed');
    await expect(index.search(vectors.subarray(0, d), 1)).rejects.toThrow('index disposed');
    await expect(index.toBuffer()).rejects.toThrow('index disposed');
    expect(() => index.dispose()).toThrow('index disposed');
  });
});
