import { gunzipSync } from 'node:zlib';
import { DatasetError, DatasetErrorCode } from './dataset-error';

// IDX (http://yann.lecun.com/exdb/mnist/): two zero bytes, a type byte, a dimension count, then
// one big-endian uint32 size per dimension and the row-major payload.

const UNSIGNED_BYTE = 0x08;

/** True when the buffer starts with the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes an unsigned-byte IDX buffer, gunzipping it first when it starts with 1f 8b.
 * `data` is a view into the (decompressed) input, not a copy.
 * @throws DatasetError on a wrong magic, a type other than 0x08, or a payload whose size disagrees with the header.
 */
export function parseIdx(bytes: Uint8Array): { dims: number[]; data: Uint8Array } {
  const raw = isGzip(bytes) ? gunzipSync(bytes) : bytes;
  if (raw.byteLength < 4) {
    throw new DatasetError(DatasetErrorCode.Truncated, `idx: truncated header at byte offset 0: needs 4 bytes, only ${raw.byteLength} remain`, 0);
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new DatasetError(
      DatasetErrorCode.BadMagic,
      `idx: bad magic 0x${hex(raw[0])}${hex(raw[1])}${hex(raw[2])}${hex(raw[3])} at byte offset 0 (an IDX file starts with two zero bytes)`,
      0,
    );
  }
  if (raw[2] !== UNSIGNED_BYTE) {
    throw new DatasetError(
      DatasetErrorCode.UnsupportedType,
      `idx: unsupported element type 0x${hex(raw[2])} at byte offset 2 (only 0x08, unsigned byte, is supported)`,
      2,
    );
  }
  const rank = raw[3];
  if (rank === 0) {
    throw new DatasetError(DatasetErrorCode.InvalidDimension, 'idx: zero dimensions declared at byte offset 3', 3);
  }
  const headerBytes = 4 + 4 * rank;
  if (raw.byteLength < headerBytes) {
    throw new DatasetError(
      DatasetErrorCode.Truncated,
      `idx: truncated header at byte offset 4: ${rank} dimension sizes need ${headerBytes - 4} bytes, only ${raw.byteLength - 4} remain`,
      4,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    dims.push(view.getUint32(4 + 4 * i, false));
    size *= dims[i];
  }
  const available = raw.byteLength - headerBytes;
  if (available !== size) {
    throw new DatasetError(
      available < size ? DatasetErrorCode.Truncated : DatasetErrorCode.SizeMismatch,
      `idx: payload at byte offset ${headerBytes} has ${available} bytes but dims [${dims.join(', ')}] need ${size}`,
      headerBytes,
    );
  }
  return { dims, data: raw.subarray(headerBytes) };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
