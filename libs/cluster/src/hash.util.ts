/**
 * MurmurHash3 x86 32-bit (Austin Appleby, SMHasher) over the UTF-8 bytes of a string.
 * Stable across processes, platforms and releases: shard routing and replica placement depend on
 * it, so changing this function or its seeds moves data.
 */

// Module-local alias: under Jest's vm sandbox a global lookup inside a hot loop is far slower.
const { imul } = Math;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

const encoder = new TextEncoder();
// Reused scratch space for encodeInto; ids are short, so this rarely grows.
let scratch = new Uint8Array(256);

/** UTF-8 bytes of `text` in a shared buffer (valid until the next call). Lone surrogates become U+FFFD. */
function utf8(text: string): Uint8Array {
  // Each UTF-16 code unit needs at most 3 UTF-8 bytes.
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

/**
 * @param key a string (hashed as UTF-8) or raw bytes.
 * @param seed any 32-bit value; it is taken modulo 2^32.
 * @returns an unsigned 32-bit integer.
 */
export function murmur3_32(key: string | Uint8Array, seed = 0): number {
  const data = typeof key === 'string' ? utf8(key) : key;
  const len = data.length;
  const blockEnd = len & ~3;
  let h = seed | 0;

  for (let i = 0; i < blockEnd; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (imul(h, 5) + 0xe6546b64) | 0;
  }

  const tail = len & 3;
  if (tail !== 0) {
    let k = data[blockEnd];
    if (tail >= 2) k ^= data[blockEnd + 1] << 8;
    if (tail === 3) k ^= data[blockEnd + 2] << 16;
    k = imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = imul(k, C2);
    h ^= k;
  }

  h ^= len;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
