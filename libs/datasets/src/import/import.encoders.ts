import { serializeFvecs } from '../fvecs';
import { assertShape } from '../matrix';
import type { ImportRecord } from './import-record';

// Writers of the three import formats, for tests, the CLI and benchmarks. The readers accept
// more than these write (npy 2.0/3.0 headers, blank jsonl lines); these write what tools most
// commonly produce.

/** Encodes n = data.length / d row-major vectors as TEXMEX `.fvecs` (a thin wrapper over {@link serializeFvecs}). */
export function encodeFvecs(data: Float32Array, d: number): Buffer {
  return serializeFvecs({ n: data.length / d, d, data });
}

/**
 * Encodes an (n, d) row-major array as `.npy` 1.0, as `numpy.save` does: `<f4` for a
 * Float32Array, `<f8` for a Float64Array, the header padded so the data starts on a 64-byte boundary.
 */
export function encodeNpy(data: Float32Array | Float64Array, n: number, d: number): Buffer {
  assertShape({ n, d, data }, 'encodeNpy');
  const itemBytes = data.BYTES_PER_ELEMENT;
  const dict = `{'descr': '<f${itemBytes}', 'fortran_order': False, 'shape': (${n}, ${d}), }`;
  const preambleBytes = 10;
  const padding = (64 - ((preambleBytes + dict.length + 1) % 64)) % 64;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const out = Buffer.alloc(preambleBytes + header.length + data.byteLength);
  out.write('\x93NUMPY\x01\x00', 0, 'latin1');
  out.writeUInt16LE(header.length, 8);
  out.write(header, preambleBytes, 'latin1');
  const view = new DataView(out.buffer, out.byteOffset + preambleBytes + header.length, data.byteLength);
  for (let i = 0; i < data.length; i++) {
    if (itemBytes === 4) view.setFloat32(i * 4, data[i], true);
    else view.setFloat64(i * 8, data[i], true);
  }
  return out;
}

/** Encodes records as JSON lines, `{"id","values","metadata"?}` each followed by a newline; values may be any array of numbers. */
export function encodeJsonl(records: readonly (Omit<ImportRecord, 'values'> & { values: ArrayLike<number> })[]): Buffer {
  const lines = records.map(({ id, values, metadata }) => `${JSON.stringify({ id, values: Array.from(values), metadata })}\n`);
  return Buffer.from(lines.join(''), 'utf8');
}
