import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError, DatasetErrorCode } from './dataset-error';
import { isGzip, parseIdx } from './idx';
import { VectorSet } from './matrix';

/** Where the `dataset-fashion-mnist` package installs the four gzip'd IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export interface FashionMnist {
  /** 60,000 × 784 pixel values 0..255 as float32 (ann-benchmarks' `fashion-mnist-784-euclidean`). */
  train: VectorSet;
  /** 10,000 × 784, same encoding. */
  test: VectorSet;
  /** Class 0..9 of each train row. */
  trainLabels: Uint8Array;
  /** Class 0..9 of each test row. */
  testLabels: Uint8Array;
}

export interface FashionMnistOptions {
  /** @defaultValue {@link FASHION_MNIST_DIR} */
  dir?: string;
  /** Keep only the first rows of the train split. @defaultValue all 60,000 */
  trainLimit?: number;
  /** Keep only the first rows of the test split. @defaultValue all 10,000 */
  testLimit?: number;
}

/** Train images, train labels, test images, test labels: the order loadFashionMnist reads them in. */
const FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

const NUM_CLASSES = 10;
const gunzipAsync = promisify(gunzip);

/** True when all four files are present in `dir` (gzip'd or not). */
export function fashionMnistAvailable(dir: string = FASHION_MNIST_DIR): boolean {
  return FILES.every((name) => locate(dir, name) !== undefined);
}

/**
 * Loads Fashion-MNIST, decompressing off the main thread.
 * @throws DatasetError `Missing` naming every absent file, or a format error naming the bad file.
 */
export async function loadFashionMnist(options: FashionMnistOptions = {}): Promise<FashionMnist> {
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const paths = FILES.map((name) => locate(dir, name));
  if (!paths.every((path): path is string => path !== undefined)) {
    const missing = FILES.filter((_, i) => paths[i] === undefined);
    throw new DatasetError(
      DatasetErrorCode.Missing,
      `Fashion-MNIST not found: missing ${missing.map((name) => join(dir, `${name}.gz`)).join(', ')}. ` +
        'Install it with `apt-get install dataset-fashion-mnist`, or pass options.dir.',
    );
  }
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(paths.map(readIdx));
  const train = toSplit('train', trainImages, trainLabels, options.trainLimit);
  const test = toSplit('test', testImages, testLabels, options.testLimit);
  return { train: train.vectors, test: test.vectors, trainLabels: train.labels, testLabels: test.labels };
}

interface Idx {
  path: string;
  dims: number[];
  data: Uint8Array;
}

function locate(dir: string, name: string): string | undefined {
  return [join(dir, `${name}.gz`), join(dir, name)].find((path) => existsSync(path));
}

async function readIdx(path: string): Promise<Idx> {
  const bytes = await readFile(path);
  try {
    return { path, ...parseIdx(isGzip(bytes) ? await gunzipAsync(bytes) : bytes) };
  } catch (err) {
    if (err instanceof DatasetError) throw new DatasetError(err.code, `${path}: ${err.message}`, err.offset);
    // zlib errors ("incorrect header check") do not say which file was corrupt.
    throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function toSplit(split: string, images: Idx, labels: Idx, limit: number | undefined): { vectors: VectorSet; labels: Uint8Array } {
  if (images.dims.length !== 3 || labels.dims.length !== 1 || images.dims[0] !== labels.dims[0]) {
    throw new DatasetError(
      DatasetErrorCode.SizeMismatch,
      `${split}: expected images [n, rows, cols] and labels [n], got [${images.dims.join(', ')}] in ${images.path} and [${labels.dims.join(', ')}] in ${labels.path}`,
    );
  }
  const available = images.dims[0];
  const n = limit ?? available;
  if (!Number.isInteger(n) || n < 0 || n > available) {
    throw new RangeError(`${split}Limit must be an integer in 0..${available}, got ${limit}`);
  }
  const d = images.dims[1] * images.dims[2];
  const data = new Float32Array(n * d);
  // Float32Array assignment converts 0..255 exactly; no scaling, as ann-benchmarks stores them.
  data.set(images.data.subarray(0, n * d));
  const classes = labels.data.slice(0, n);
  const bad = classes.findIndex((c) => c >= NUM_CLASSES);
  if (bad >= 0) {
    const offset = 4 + 4 * labels.dims.length + bad;
    throw new DatasetError(
      DatasetErrorCode.InvalidValue,
      `${labels.path}: label ${classes[bad]} of row ${bad} at byte offset ${offset} is outside 0..9`,
      offset,
    );
  }
  return { vectors: { n, d, data }, labels: classes };
}
