import { assertShape, VectorSet } from './matrix';
import { parseVecsWords, readVecsWords, serializeVecsWords, VecsWords, writeVecsWords } from './vecs';

/**
 * Decodes a TEXMEX `.fvecs` buffer. An empty buffer is an empty set (n = 0, d = 0).
 * @throws DatasetError (with the byte offset) on a truncated file or a bad or inconsistent dimension.
 */
export function parseFvecs(bytes: Uint8Array): VectorSet {
  return toVectorSet(parseVecsWords(bytes, 'fvecs'));
}

/** Encodes a set as `.fvecs` (little-endian). */
export function serializeFvecs(set: VectorSet): Buffer {
  assertShape(set, 'serializeFvecs');
  const { n, d, data } = set;
  return serializeVecsWords(n, d, new Int32Array(data.buffer, data.byteOffset, data.length));
}

export async function readFvecs(path: string): Promise<VectorSet> {
  return toVectorSet(await readVecsWords(path, `fvecs ${path}`));
}

export async function writeFvecs(path: string, set: VectorSet): Promise<void> {
  assertShape(set, 'writeFvecs');
  const { n, d, data } = set;
  await writeVecsWords(path, n, d, new Int32Array(data.buffer, data.byteOffset, data.length));
}

function toVectorSet({ n, d, words }: VecsWords): VectorSet {
  return { n, d, data: new Float32Array(words.buffer, words.byteOffset, words.length) };
}
