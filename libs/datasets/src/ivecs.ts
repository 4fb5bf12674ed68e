import { assertShape, IntMatrix } from './matrix';
import { parseVecsWords, readVecsWords, serializeVecsWords, writeVecsWords } from './vecs';

/**
 * Decodes a TEXMEX `.ivecs` buffer (e.g. ground-truth neighbour ids). An empty buffer is n = 0, d = 0.
 * @throws DatasetError (with the byte offset) on a truncated file or a bad or inconsistent dimension.
 */
export function parseIvecs(bytes: Uint8Array): IntMatrix {
  const { n, d, words } = parseVecsWords(bytes, 'ivecs');
  return { n, d, data: words };
}

/** Encodes a matrix as `.ivecs` (little-endian). */
export function serializeIvecs(m: IntMatrix): Buffer {
  assertShape(m, 'serializeIvecs');
  return serializeVecsWords(m.n, m.d, m.data);
}

export async function readIvecs(path: string): Promise<IntMatrix> {
  const { n, d, words } = await readVecsWords(path, `ivecs ${path}`);
  return { n, d, data: words };
}

export async function writeIvecs(path: string, m: IntMatrix): Promise<void> {
  assertShape(m, 'writeIvecs');
  await writeVecsWords(path, m.n, m.d, m.data);
}
