import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DatasetError,
  DatasetErrorCode,
  gaussianMixture,
  parseFvecs,
  parseIvecs,
  readFvecs,
  readIvecs,
  serializeFvecs,
  serializeIvecs,
  VectorSet,
  writeFvecs,
  writeIvecs,
} from './index';

/** Builds a TEXMEX buffer from explicit (dimension, values) rows, so malformed files are easy to write. */
function vecsBytes(rows: Array<{ dim: number; values: number[] }>, kind: 'f' | 'i' = 'f'): Buffer {
  const out = Buffer.alloc(rows.reduce((sum, r) => sum + 4 + 4 * r.values.length, 0));
  let offset = 0;
  for (const { dim, values } of rows) {
    offset = out.writeInt32LE(dim, offset);
    for (const v of values) offset = kind === 'f' ? out.writeFloatLE(v, offset) : out.writeInt32LE(v, offset);
  }
  return out;
}

function expectDatasetError(fn: () => unknown, code: DatasetErrorCode, offset: number, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).code).toBe(code);
    expect((err as DatasetError).offset).toBe(offset);
    expect((err as DatasetError).message).toMatch(message);
    return;
  }
  throw new Error('expected a DatasetError');
}

describe('fvecs', () => {
  const set: VectorSet = { n: 3, d: 2, data: Float32Array.from([1.5, -2, 0, 3.25, 1e-30, -7]) };

  it('writes the TEXMEX layout: int32 LE dimension, then d float32 LE values per vector', () => {
    expect(serializeFvecs(set)).toEqual(
      vecsBytes([
        { dim: 2, values: [1.5, -2] },
        { dim: 2, values: [0, 3.25] },
        { dim: 2, values: [1e-30, -7] },
      ]),
    );
  });

  it('round-trips bit-exactly, NaN payloads included', () => {
    const data = new Float32Array([0, -0, Infinity, NaN]);
    new Uint32Array(data.buffer)[3] = 0x7fc01234;
    const back = parseFvecs(serializeFvecs({ n: 2, d: 2, data }));
    expect(back.n).toBe(2);
    expect(back.d).toBe(2);
    expect(new Uint32Array(back.data.buffer)).toEqual(new Uint32Array(data.buffer));
  });

  it('parses an input that is not 4-byte aligned in its buffer', () => {
    const bytes = serializeFvecs(set);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(parseFvecs(shifted.subarray(1))).toEqual(set);
  });

  it('parses an empty buffer as an empty set', () => {
    expect(parseFvecs(new Uint8Array(0))).toEqual({ n: 0, d: 0, data: new Float32Array(0) });
  });

  it('round-trips through a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-fvecs-'));
    try {
      await writeFvecs(join(dir, 'a.fvecs'), set);
      expect(await readFvecs(join(dir, 'a.fvecs'))).toEqual(set);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('rejects a truncated vector with its byte offset', () => {
    const bytes = vecsBytes([
      { dim: 2, values: [1, 2] },
      { dim: 2, values: [3, 4] },
    ]);
    expectDatasetError(() => parseFvecs(bytes.subarray(0, bytes.length - 1)), DatasetErrorCode.Truncated, 12, /truncated vector 1 at byte offset 12: needs 12 bytes \(d=2\), only 11 remain/);
  });

  it('rejects a truncated dimension header', () => {
    const bytes = vecsBytes([{ dim: 2, values: [1, 2] }]);
    const withStub = Buffer.concat([bytes, Buffer.from([2, 0])]);
    expectDatasetError(() => parseFvecs(withStub), DatasetErrorCode.Truncated, 12, /truncated dimension header at byte offset 12/);
  });

  it('rejects an inconsistent dimension', () => {
    const bytes = vecsBytes([
      { dim: 2, values: [1, 2] },
      { dim: 3, values: [3, 4, 5] },
    ]);
    expectDatasetError(() => parseFvecs(bytes), DatasetErrorCode.InconsistentDimension, 12, /vector 1 at byte offset 12 has dimension 3, but the first vector has 2/);
  });

  it('rejects a negative or zero dimension', () => {
    expectDatasetError(() => parseFvecs(vecsBytes([{ dim: -3, values: [1, 2, 3] }])), DatasetErrorCode.InvalidDimension, 0, /invalid dimension -3 at byte offset 0/);
    const second = vecsBytes([
      { dim: 1, values: [1] },
      { dim: 0, values: [] },
    ]);
    expectDatasetError(() => parseFvecs(second), DatasetErrorCode.InvalidDimension, 8, /invalid dimension 0 at byte offset 8/);
  });

  it('names the file when reading from disk fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-fvecs-'));
    try {
      const path = join(dir, 'bad.fvecs');
      await writeFile(path, serializeFvecs(set).subarray(0, 5));
      await expect(readFvecs(path)).rejects.toThrow(`fvecs ${path}: truncated vector 0 at byte offset 0`);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  describe('files larger than one 16 MiB read chunk', () => {
    // 40,000 × 128 floats: a 20.6 MB file, so reads and writes span two chunks.
    const big = gaussianMixture({ n: 40_000, d: 128, seed: 1 });
    const rowBytes = 4 + 4 * 128;
    let dir: string;
    let path: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'shoal-fvecs-'));
      path = join(dir, 'big.fvecs');
    });
    beforeEach(async () => {
      await writeFvecs(path, big);
    });
    afterAll(async () => {
      await rm(dir, { recursive: true });
    });

    it('streams a round trip that matches the in-memory codec', async () => {
      // Buffer.equals, not toEqual: Jest's deep equality enumerates every index of a 20 MB buffer.
      expect((await readFile(path)).equals(serializeFvecs(big))).toBe(true);
      const back = await readFvecs(path);
      expect([back.n, back.d]).toEqual([40_000, 128]);
      expect(Buffer.from(back.data.buffer).equals(Buffer.from(big.data.buffer))).toBe(true);
    });

    it('reports a bad header in a later chunk at its file offset', async () => {
      const bytes = await readFile(path);
      bytes.writeInt32LE(127, 39_000 * rowBytes);
      await writeFile(path, bytes);
      await expect(readFvecs(path)).rejects.toMatchObject({
        code: DatasetErrorCode.InconsistentDimension,
        offset: 39_000 * rowBytes,
        message: `fvecs ${path}: vector 39000 at byte offset ${39_000 * rowBytes} has dimension 127, but the first vector has 128`,
      });
    });

    it('reports a truncated last vector at its file offset', async () => {
      await truncate(path, 40_000 * rowBytes - 3);
      await expect(readFvecs(path)).rejects.toMatchObject({ code: DatasetErrorCode.Truncated, offset: 39_999 * rowBytes });
    });
  });

  it('reads an empty file as an empty set and a too-short one as truncated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-fvecs-'));
    try {
      await writeFile(join(dir, 'empty.fvecs'), Buffer.alloc(0));
      expect(await readFvecs(join(dir, 'empty.fvecs'))).toEqual({ n: 0, d: 0, data: new Float32Array(0) });
      await writeFile(join(dir, 'stub.fvecs'), Buffer.from([4, 0]));
      await expect(readFvecs(join(dir, 'stub.fvecs'))).rejects.toMatchObject({ code: DatasetErrorCode.Truncated, offset: 0 });
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('refuses to serialize a malformed set', () => {
    expect(() => serializeFvecs({ n: 2, d: 2, data: new Float32Array(3) })).toThrow(RangeError);
    expect(() => serializeFvecs({ n: 2, d: 0, data: new Float32Array(0) })).toThrow('dimension 0');
    return expect(writeFvecs('/nonexistent/never-written.fvecs', { n: 1, d: 2, data: new Float32Array(1) })).rejects.toThrow(RangeError);
  });
});

describe('ivecs', () => {
  const m = { n: 2, d: 3, data: Int32Array.from([0, -1, 2147483647, -2147483648, 5, 6]) };

  it('round-trips in memory and through a file', async () => {
    expect(serializeIvecs(m)).toEqual(
      vecsBytes(
        [
          { dim: 3, values: [0, -1, 2147483647] },
          { dim: 3, values: [-2147483648, 5, 6] },
        ],
        'i',
      ),
    );
    expect(parseIvecs(serializeIvecs(m))).toEqual(m);
    const dir = await mkdtemp(join(tmpdir(), 'shoal-ivecs-'));
    try {
      await writeIvecs(join(dir, 'gt.ivecs'), m);
      expect(await readIvecs(join(dir, 'gt.ivecs'))).toEqual(m);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('reports malformed input with the ivecs format name', () => {
    expectDatasetError(() => parseIvecs(serializeIvecs(m).subarray(0, 20)), DatasetErrorCode.Truncated, 16, /^ivecs: truncated vector 1 at byte offset 16/);
  });
});
