import { gzipSync } from 'node:zlib';
import { DatasetError, DatasetErrorCode, parseIdx } from './index';

/** An unsigned-byte IDX buffer: 00 00 08 <rank>, big-endian uint32 sizes, payload. */
function idxBytes(dims: number[], payload: number[], typeByte = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = typeByte;
  header[3] = dims.length;
  dims.forEach((size, i) => header.writeUInt32BE(size, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload)]);
}

describe('parseIdx', () => {
  const payload = [0, 1, 2, 253, 254, 255];

  it('parses a hand-built idx3 buffer', () => {
    const { dims, data } = parseIdx(idxBytes([1, 2, 3], payload));
    expect(dims).toEqual([1, 2, 3]);
    expect(Array.from(data)).toEqual(payload);
  });

  it('detects and gunzips a gzip buffer', () => {
    const { dims, data } = parseIdx(gzipSync(idxBytes([6], payload)));
    expect(dims).toEqual([6]);
    expect(Array.from(data)).toEqual(payload);
  });

  it.each([
    ['wrong magic', Buffer.from([0x1f, 0x00, 0x08, 0x01, 0, 0, 0, 0]), DatasetErrorCode.BadMagic, 0, /bad magic 0x1f000801 at byte offset 0/],
    ['a non-ubyte type', idxBytes([1], [0], 0x0d), DatasetErrorCode.UnsupportedType, 2, /unsupported element type 0x0d/],
    ['zero dimensions', Buffer.from([0, 0, 8, 0]), DatasetErrorCode.InvalidDimension, 3, /zero dimensions/],
    ['a truncated magic', Buffer.from([0, 0]), DatasetErrorCode.Truncated, 0, /needs 4 bytes, only 2 remain/],
    ['truncated sizes', idxBytes([2, 3], []).subarray(0, 9), DatasetErrorCode.Truncated, 4, /2 dimension sizes need 8 bytes, only 5 remain/],
    ['a truncated payload', idxBytes([2, 3], payload.slice(0, 5)), DatasetErrorCode.Truncated, 12, /has 5 bytes but dims \[2, 3\] need 6/],
    ['trailing bytes', idxBytes([5], payload), DatasetErrorCode.SizeMismatch, 8, /has 6 bytes but dims \[5\] need 5/],
  ])('rejects %s', (_name, bytes, code, offset, message) => {
    let caught: unknown;
    try {
      parseIdx(bytes);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DatasetError);
    expect(caught).toMatchObject({ code, offset });
    expect((caught as DatasetError).message).toMatch(message);
  });
});
