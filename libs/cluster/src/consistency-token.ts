import { ClusterError, ClusterErrorCode } from './cluster.error';
import { murmur3_32 } from './hash.util';
import { MAX_SHARDS } from './shard-routing.util';

/**
 * Read-your-writes token: for each shard a write touched, the log sequence number it reached. A
 * search that carries it is served by replicas that have applied at least those numbers.
 */
export interface ConsistencyToken {
  collection: string;
  /** Shard number → sequence number (non-negative safe integers). */
  seqs: Record<number, number>;
}

/** Format version written in the first byte; decoders refuse versions they do not know. */
export const CONSISTENCY_TOKEN_VERSION = 1;

/** Longest token accepted or produced, in characters: fits an HTTP header with room to spare. */
export const MAX_TOKEN_CHARS = 8192;

// Binary layout, version 1 (then base64url without padding):
//   u8 version | varint nameBytes | UTF-8 name | varint count |
//   count × (varint shardGap, varint seq) | u32le MurmurHash3(all previous bytes, CHECKSUM_SEED)
// Shards ascend; shardGap is the shard for the first entry and (shard - previous - 1) after it.
// The checksum catches copy-paste damage and truncation; it is not a signature, so the coordinator
// must still bound how long it waits for a sequence number by the request deadline.
const CHECKSUM_SEED = 0x70c3e5;
const CHECKSUM_BYTES = 4;
const MAX_VARINT_BYTES = 8; // 56 bits cover Number.MAX_SAFE_INTEGER
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const invalid = (reason: string): ClusterError =>
  new ClusterError(ClusterErrorCode.InvalidToken, `invalid consistency token: ${reason}`, { reason });

/** Encodes a token as an opaque URL-safe string. Throws `InvalidArgument` for bad shards or sequence numbers. */
export function encodeConsistencyToken(token: ConsistencyToken): string {
  const entries = sortedEntries(token.seqs);
  const bytes: number[] = [CONSISTENCY_TOKEN_VERSION];
  const name = new TextEncoder().encode(token.collection);
  writeVarint(bytes, name.length);
  name.forEach((b) => bytes.push(b));
  writeVarint(bytes, entries.length);
  let previous = -1;
  for (const [shard, seq] of entries) {
    writeVarint(bytes, shard - previous - 1);
    writeVarint(bytes, seq);
    previous = shard;
  }
  const checksum = murmur3_32(Uint8Array.from(bytes), CHECKSUM_SEED);
  for (let i = 0; i < CHECKSUM_BYTES; i++) bytes.push((checksum >>> (8 * i)) & 0xff);
  const text = toBase64Url(bytes);
  if (text.length > MAX_TOKEN_CHARS) {
    throw new ClusterError(
      ClusterErrorCode.InvalidArgument,
      `a token for ${entries.length} shards would be ${text.length} characters, over the ${MAX_TOKEN_CHARS} limit`,
      { shards: entries.length, length: text.length },
    );
  }
  return text;
}

/**
 * Decodes a token from {@link encodeConsistencyToken}. Throws `INVALID_TOKEN` (with `details.reason`)
 * for anything else: wrong characters, truncation, corruption, an unknown version, a non-canonical
 * encoding, or, when `expectedCollection` is given, a token for another collection.
 */
export function decodeConsistencyToken(text: string, expectedCollection?: string): ConsistencyToken {
  if (text.length > MAX_TOKEN_CHARS) throw invalid(`longer than ${MAX_TOKEN_CHARS} characters`);
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw invalid('not base64url');
  const bytes = fromBase64Url(text);
  if (bytes[0] !== CONSISTENCY_TOKEN_VERSION) throw invalid(`unsupported version ${bytes[0]}`);
  if (bytes.length < 3 + CHECKSUM_BYTES) throw invalid('truncated');
  const bodyEnd = bytes.length - CHECKSUM_BYTES;
  const stored = (bytes[bodyEnd] | (bytes[bodyEnd + 1] << 8) | (bytes[bodyEnd + 2] << 16) | (bytes[bodyEnd + 3] << 24)) >>> 0;
  if (murmur3_32(bytes.subarray(0, bodyEnd), CHECKSUM_SEED) !== stored) throw invalid('checksum mismatch (corrupted or truncated)');

  const reader = { bytes, pos: 1, end: bodyEnd };
  const nameLength = readVarint(reader);
  if (nameLength > bodyEnd - reader.pos) throw invalid('collection name overruns the token');
  let collection: string;
  try {
    collection = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(reader.pos, reader.pos + nameLength));
  } catch {
    throw invalid('collection name is not UTF-8');
  }
  reader.pos += nameLength;
  const count = readVarint(reader);
  const seqs: Record<number, number> = {};
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const shard = previous + 1 + readVarint(reader);
    if (shard >= MAX_SHARDS) throw invalid(`shard ${shard} is out of range`);
    seqs[shard] = readVarint(reader);
    previous = shard;
  }
  if (reader.pos !== bodyEnd) throw invalid('trailing bytes');
  const token = { collection, seqs };
  if (encodeConsistencyToken(token) !== text) throw invalid('not in canonical form');
  if (expectedCollection !== undefined && collection !== expectedCollection) {
    throw new ClusterError(
      ClusterErrorCode.InvalidToken,
      `invalid consistency token: it is for collection ${collection}, not ${expectedCollection}`,
      { reason: 'collection mismatch', collection, expectedCollection },
    );
  }
  return token;
}

/** Per-shard maximum of two tokens of the same collection: reading after both writes. */
export function mergeTokens(a: ConsistencyToken, b: ConsistencyToken): ConsistencyToken {
  if (a.collection !== b.collection) {
    throw new ClusterError(ClusterErrorCode.InvalidArgument, `cannot merge tokens of collections ${a.collection} and ${b.collection}`, {
      a: a.collection,
      b: b.collection,
    });
  }
  const seqs: Record<number, number> = {};
  for (const [shard, seq] of [...sortedEntries(a.seqs), ...sortedEntries(b.seqs)]) seqs[shard] = Math.max(seq, seqs[shard] ?? 0);
  return { collection: a.collection, seqs };
}

/** The sequence number a replica of `shard` must have applied to serve a read carrying `token` (0: none). */
export function requiredSeq(token: ConsistencyToken | undefined, shard: number): number {
  return token?.seqs[shard] ?? 0;
}

/** Validated `[shard, seq]` pairs in ascending shard order. */
function sortedEntries(seqs: Record<number, number>): [number, number][] {
  return Object.entries(seqs)
    .map(([key, seq]): [number, number] => {
      const shard = Number(key);
      if (!/^(0|[1-9]\d*)$/.test(key) || shard >= MAX_SHARDS) {
        throw new ClusterError(ClusterErrorCode.InvalidArgument, `shard ${key} is not an integer in [0, ${MAX_SHARDS - 1}]`, {
          shard: key,
        });
      }
      if (!Number.isSafeInteger(seq) || seq < 0) {
        throw new ClusterError(ClusterErrorCode.InvalidArgument, `sequence number ${seq} of shard ${key} is not a non-negative safe integer`, {
          shard,
          seq: String(seq),
        });
      }
      return [shard, seq];
    })
    .sort((x, y) => x[0] - y[0]);
}

function writeVarint(out: number[], value: number): void {
  // Arithmetic, not bit operations: sequence numbers can exceed 32 bits.
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
}

function readVarint(reader: { bytes: Uint8Array; pos: number; end: number }): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (reader.pos >= reader.end) throw invalid('truncated');
    const byte = reader.bytes[reader.pos++];
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (!Number.isSafeInteger(value)) throw invalid('number out of range');
      return value;
    }
    scale *= 0x80;
  }
  throw invalid('number out of range');
}

// btoa/atob exist in Node 20 and browsers alike, which keeps this library free of Buffer.
function toBase64Url(bytes: readonly number[]): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}
