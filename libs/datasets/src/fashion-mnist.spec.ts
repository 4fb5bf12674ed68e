import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatasetErrorCode, FASHION_MNIST_DIR, fashionMnistAvailable, loadFashionMnist } from './index';

function idxBytes(dims: number[], payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((size, i) => header.writeUInt32BE(size, 4 + 4 * i));
  return Buffer.concat([header, payload]);
}

/** A miniature Fashion-MNIST: 3 train and 2 test images of 2×2 pixels; pixel value = 10·row + column. */
async function writeMiniature(dir: string, gzip: boolean, trainLabels = [0, 9, 4]): Promise<void> {
  const pixels = (n: number) => Uint8Array.from({ length: n * 4 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4));
  const files: Array<[string, Buffer]> = [
    ['train-images-idx3-ubyte', idxBytes([3, 2, 2], pixels(3))],
    ['train-labels-idx1-ubyte', idxBytes([3], Uint8Array.from(trainLabels))],
    ['t10k-images-idx3-ubyte', idxBytes([2, 2, 2], pixels(2))],
    ['t10k-labels-idx1-ubyte', idxBytes([2], Uint8Array.from([1, 2]))],
  ];
  for (const [name, bytes] of files) {
    await writeFile(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  }
}

describe('loadFashionMnist on a miniature copy', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-fmnist-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true });
  });

  it.each([true, false])('loads float32 pixels and labels (gzip: %s)', async (gzip) => {
    await writeMiniature(dir, gzip);
    expect(fashionMnistAvailable(dir)).toBe(true);
    const fm = await loadFashionMnist({ dir });
    expect(fm.train).toEqual({ n: 3, d: 4, data: Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]) });
    expect(fm.test.n).toBe(2);
    expect(Array.from(fm.trainLabels)).toEqual([0, 9, 4]);
    expect(Array.from(fm.testLabels)).toEqual([1, 2]);
  });

  it('keeps the first rows when limited', async () => {
    await writeMiniature(dir, true);
    const fm = await loadFashionMnist({ dir, trainLimit: 2, testLimit: 0 });
    expect(fm.train).toEqual({ n: 2, d: 4, data: Float32Array.from([0, 1, 2, 3, 10, 11, 12, 13]) });
    expect(Array.from(fm.trainLabels)).toEqual([0, 9]);
    expect(fm.test.n).toBe(0);
    await expect(loadFashionMnist({ dir, trainLimit: 4 })).rejects.toThrow('trainLimit must be an integer in 0..3, got 4');
  });

  it('names every missing file and the package to install', async () => {
    await writeMiniature(dir, true);
    await unlink(join(dir, 't10k-labels-idx1-ubyte.gz'));
    expect(fashionMnistAvailable(dir)).toBe(false);
    await expect(loadFashionMnist({ dir })).rejects.toMatchObject({
      code: DatasetErrorCode.Missing,
      message: `Fashion-MNIST not found: missing ${join(dir, 't10k-labels-idx1-ubyte.gz')}. Install it with \`apt-get install dataset-fashion-mnist\`, or pass options.dir.`,
    });
  });

  it('rejects a label outside 0..9 with the file and offset', async () => {
    await writeMiniature(dir, false, [0, 10, 1]);
    await expect(loadFashionMnist({ dir })).rejects.toMatchObject({
      code: DatasetErrorCode.InvalidValue,
      offset: 9,
      message: `${join(dir, 'train-labels-idx1-ubyte')}: label 10 of row 1 at byte offset 9 is outside 0..9`,
    });
  });

  it('names the corrupt file', async () => {
    await writeMiniature(dir, true);
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(Buffer.from([1, 2, 3, 4])));
    await expect(loadFashionMnist({ dir })).rejects.toThrow(`${join(dir, 'train-images-idx3-ubyte.gz')}: idx: bad magic`);
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    await expect(loadFashionMnist({ dir })).rejects.toThrow(`${join(dir, 'train-images-idx3-ubyte.gz')}: `);
  });
});

// The real data is an OS package; without it this block is reported as skipped under a title that says why.
const installed = fashionMnistAvailable();
const describeInstalled = installed ? describe : describe.skip;
describeInstalled(
  installed
    ? `loadFashionMnist from ${FASHION_MNIST_DIR}`
    : `loadFashionMnist from ${FASHION_MNIST_DIR} (SKIPPED: not installed; run \`apt-get install dataset-fashion-mnist\`)`,
  () => {
    it('has 60000×784 train and 10000×784 test vectors with balanced labels 0..9', async () => {
      const fm = await loadFashionMnist();
      expect([fm.train.n, fm.train.d, fm.train.data.length]).toEqual([60000, 784, 60000 * 784]);
      expect([fm.test.n, fm.test.d, fm.test.data.length]).toEqual([10000, 784, 10000 * 784]);
      expect(fm.trainLabels).toHaveLength(60000);
      expect(fm.testLabels).toHaveLength(10000);
      const counts = (labels: Uint8Array) => Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);
      expect(counts(fm.trainLabels)).toEqual(new Array(10).fill(6000));
      expect(counts(fm.testLabels)).toEqual(new Array(10).fill(1000));
      const { data } = fm.train;
      let min = Infinity;
      let max = -Infinity;
      let fractional = 0;
      // Plain operators only: a global such as Math.floor in a 47M-iteration loop is slow under Jest.
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (v < min) min = v;
        if (v > max) max = v;
        if (v % 1 !== 0) fractional++;
      }
      expect({ min, max, fractional }).toEqual({ min: 0, max: 255, fractional: 0 });
    });
  },
);
