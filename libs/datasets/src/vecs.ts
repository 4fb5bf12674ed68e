import { open } from 'node:fs/promises';
import { DatasetError, DatasetErrorCode } from './dataset-error';

// The TEXMEX .fvecs/.ivecs layout (http://corpus-texmex.irisa.fr/): every vector is an int32
// little-endian dimension followed by d 4-byte little-endian values. Both formats share this
// codec, which moves raw 32-bit words so float bit patterns (NaN payloads included) survive.
// Files are streamed in row-aligned chunks: no 2 GiB readFile limit and no second full copy.

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const CHUNK_BYTES = 16 * 1024 * 1024;

/** Decoded vectors as raw 32-bit words, row-major. */
export interface VecsWords {
  n: number;
  d: number;
  words: Int32Array;
}

export function parseVecsWords(bytes: Uint8Array, format: string): VecsWords {
  if (bytes.byteLength === 0) return { n: 0, d: 0, words: new Int32Array(0) };
  const d = readDimension(bytes, 0, format);
  const n = checkRows(bytes, 0, d, format);
  const words = new Int32Array(n * d);
  copyRows(bytes, d, words, 0);
  return { n, d, words };
}

export async function readVecsWords(path: string, format: string): Promise<VecsWords> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) return { n: 0, d: 0, words: new Int32Array(0) };
    const head = Buffer.alloc(Math.min(4, size));
    await file.read(head, 0, head.length, 0);
    const d = readDimension(head, 0, format);
    const rowBytes = 4 + 4 * d;
    const n = Math.floor(size / rowBytes);
    const words = new Int32Array(n * d);
    // allocUnsafeSlow is never pooled, so the chunk is 4-byte aligned and decodes without a copy.
    const chunk = Buffer.allocUnsafeSlow(Math.max(1, Math.min(n, Math.floor(CHUNK_BYTES / rowBytes))) * rowBytes);
    for (let row = 0; row < size / rowBytes; ) {
      const offset = row * rowBytes;
      const length = Math.min(chunk.length, size - offset);
      const { bytesRead } = await file.read(chunk, 0, length, offset);
      if (bytesRead < length) {
        throw new DatasetError(DatasetErrorCode.Truncated, `${format}: file shrank while reading at byte offset ${offset + bytesRead}`, offset + bytesRead);
      }
      const bytes = chunk.subarray(0, bytesRead);
      // The tail after the last whole row (if any) fails here exactly as it would in parseVecsWords.
      const rows = checkRows(bytes, offset, d, format);
      copyRows(bytes, d, words, row);
      row += rows;
    }
    return { n, d, words };
  } finally {
    await file.close();
  }
}

export function serializeVecsWords(n: number, d: number, words: Int32Array): Buffer {
  checkSerializable(n, d);
  return encodeRows(d, words, 0, n);
}

export async function writeVecsWords(path: string, n: number, d: number, words: Int32Array): Promise<void> {
  checkSerializable(n, d);
  const file = await open(path, 'w');
  try {
    const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / (4 + 4 * d)));
    for (let row = 0; row < n; row += chunkRows) await file.write(encodeRows(d, words, row, Math.min(chunkRows, n - row)));
  } finally {
    await file.close();
  }
}

function checkSerializable(n: number, d: number): void {
  // A zero dimension is not representable: the reader would reject it.
  if (n > 0 && d === 0) throw new RangeError('cannot serialize vectors of dimension 0');
}

function encodeRows(d: number, words: Int32Array, firstRow: number, rows: number): Buffer {
  const file = new Int32Array(rows * (d + 1));
  for (let i = 0; i < rows; i++) {
    const src = (firstRow + i) * d;
    file[i * (d + 1)] = d;
    file.set(words.subarray(src, src + d), i * (d + 1) + 1);
  }
  if (LITTLE_ENDIAN_HOST) return Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const out = Buffer.alloc(file.byteLength);
  for (let i = 0; i < file.length; i++) out.writeInt32LE(file[i], i * 4);
  return out;
}

/**
 * Validates every row header in `bytes` (which starts on a row boundary at `fileOffset`) before
 * anything is copied, so a bad file fails fast and names the exact offset. Returns the row count.
 */
function checkRows(bytes: Uint8Array, fileOffset: number, d: number, format: string): number {
  const rowBytes = 4 + 4 * d;
  for (let offset = 0; offset < bytes.byteLength; offset += rowBytes) {
    const at = fileOffset + offset;
    const dim = readDimension(bytes, offset, format, fileOffset);
    if (dim !== d) {
      throw new DatasetError(
        DatasetErrorCode.InconsistentDimension,
        `${format}: vector ${at / rowBytes} at byte offset ${at} has dimension ${dim}, but the first vector has ${d}`,
        at,
      );
    }
    const remaining = bytes.byteLength - offset;
    if (remaining < rowBytes) {
      throw new DatasetError(
        DatasetErrorCode.Truncated,
        `${format}: truncated vector ${at / rowBytes} at byte offset ${at}: needs ${rowBytes} bytes (d=${d}), only ${remaining} remain`,
        at,
      );
    }
  }
  return bytes.byteLength / rowBytes;
}

/** Reads the int32 dimension at `offset` of `bytes`; errors report `fileOffset + offset`. */
function readDimension(bytes: Uint8Array, offset: number, format: string, fileOffset = 0): number {
  const at = fileOffset + offset;
  const remaining = bytes.byteLength - offset;
  if (remaining < 4) {
    throw new DatasetError(
      DatasetErrorCode.Truncated,
      `${format}: truncated dimension header at byte offset ${at}: needs 4 bytes, only ${remaining} remain`,
      at,
    );
  }
  const dim = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getInt32(0, true);
  if (dim <= 0) {
    throw new DatasetError(DatasetErrorCode.InvalidDimension, `${format}: invalid dimension ${dim} at byte offset ${at} (must be positive)`, at);
  }
  return dim;
}

/** Copies the payload of the whole rows in `bytes` into `words`, starting at row `firstRow`. */
function copyRows(bytes: Uint8Array, d: number, words: Int32Array, firstRow: number): void {
  const file = littleEndianWords(bytes);
  const rows = file.length / (d + 1);
  for (let i = 0; i < rows; i++) {
    const src = i * (d + 1) + 1;
    words.set(file.subarray(src, src + d), (firstRow + i) * d);
  }
}

/** The input as little-endian int32 words: a zero-copy view when possible, else a decoded copy. */
function littleEndianWords(bytes: Uint8Array): Int32Array {
  const count = bytes.byteLength / 4;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 4 === 0) return new Int32Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = new Int32Array(count);
  for (let i = 0; i < count; i++) words[i] = view.getInt32(i * 4, true);
  return words;
}
