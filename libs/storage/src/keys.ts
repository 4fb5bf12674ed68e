import { StorageError, StorageErrorCode } from './storage.error';
import type { SegmentKeyParts } from './segment-key-parts';

/*
 * Object key layout of a Shoal cluster (one bucket or data directory per cluster):
 *
 *   collections/{collection}/manifest.json                          versioned collection manifest
 *   collections/{collection}/shards/{shard}/log/{seq:020d}.seg      immutable write-log segments
 *   collections/{collection}/shards/{shard}/snapshots/{id}/{file}   partition snapshots of a shard's replicas
 *   collections/{collection}/generations/{gen:010d}/template.json                 the template's commit point
 *   collections/{collection}/generations/{gen:010d}/template/{upload}.faiss       trained, empty IVF-PQ index
 *   collections/{collection}/generations/{gen:010d}/shards/{shard}/build.json     a shard build's commit point
 *   collections/{collection}/generations/{gen:010d}/shards/{shard}/{upload}/{file}  the built partition's files
 *   imports/{importId}/{file}                                       files uploaded for bulk import
 *
 * Numbers that are listed to find "the next" or "the latest" are zero-padded so that the store's
 * lexicographic order is numeric order: segment sequence numbers (replicas list the log after
 * their watermark) and generations. Shards are addressed directly, never scanned in order, so they
 * stay plain decimals.
 *
 * A generation's template and builds sit under an `{upload}` id chosen by the run that uploads
 * them, and the JSON beside them, written last and only once, names the upload that won. A job
 * run twice (a retry, or a stalled job re-run while the first run still works) therefore never
 * mixes its files with the other run's, and every shard of a generation is built from one template.
 */

/** Collection names: lowercase, digits, `_` and `-`, starting with a letter or digit, 1 to 63 characters. */
export const COLLECTION_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Width of a zero-padded segment sequence number: enough for any unsigned 64-bit value. */
export const SEGMENT_SEQ_DIGITS = 20;
/** Width of a zero-padded generation number. */
export const GENERATION_DIGITS = 10;
/** Names of snapshots, imports and their files: one key segment, no leading dot. */
export const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._=-]{0,127}$/;

/** A zero-padded generation followed by the `/` that ends its directory name. */
const GENERATION_ID_PATTERN = new RegExp(`^[0-9]{${GENERATION_DIGITS}}/$`);
const SEGMENT_KEY_PATTERN = /^collections\/([a-z0-9][a-z0-9_-]{0,62})\/shards\/(0|[1-9][0-9]*)\/log\/([0-9]{20})\.seg$/;

function invalid(message: string): never {
  throw new StorageError(StorageErrorCode.InvalidKey, message);
}

/** Throws `INVALID_KEY` with the naming rule unless `name` is a valid collection name. */
export function assertValidCollectionName(name: string): void {
  if (!COLLECTION_NAME_PATTERN.test(name)) {
    invalid(
      `Invalid collection name "${name}": use 1 to 63 lowercase letters, digits, "_" or "-", ` +
        `starting with a letter or digit (${COLLECTION_NAME_PATTERN.source})`,
    );
  }
}

function checkedInteger(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) invalid(`Invalid ${what} ${value}: must be a non-negative safe integer`);
  return value;
}

function checkedName(what: string, name: string): string {
  if (!NAME_PATTERN.test(name)) {
    invalid(`Invalid ${what} "${name}": use 1 to 128 letters, digits, ".", "_", "=" or "-", not starting with "." or "-"`);
  }
  return name;
}

function padded(value: number, digits: number): string {
  return value.toString().padStart(digits, '0');
}

export function collectionPrefix(collection: string): string {
  assertValidCollectionName(collection);
  return `collections/${collection}/`;
}

export function manifestKey(collection: string): string {
  return `${collectionPrefix(collection)}manifest.json`;
}

export function shardPrefix(collection: string, shard: number): string {
  return `${collectionPrefix(collection)}shards/${checkedInteger('shard', shard)}/`;
}

/** Prefix to list a shard's log segments. */
export function segmentPrefix(collection: string, shard: number): string {
  return `${shardPrefix(collection, shard)}log/`;
}

/** Key of log segment `seq`; also the `startAfter` that lists the segments after watermark `seq`. */
export function segmentKey(collection: string, shard: number, seq: number): string {
  return `${segmentPrefix(collection, shard)}${padded(checkedInteger('segment sequence number', seq), SEGMENT_SEQ_DIGITS)}.seg`;
}

/** Reads collection, shard and sequence number back from a segment key; `INVALID_KEY` if it is not one. */
export function parseSegmentKey(key: string): SegmentKeyParts {
  const match = SEGMENT_KEY_PATTERN.exec(key);
  if (match === null) invalid(`"${key}" is not a log segment key (collections/{c}/shards/{shard}/log/{seq:020d}.seg)`);
  const seq = Number(match[3]);
  if (!Number.isSafeInteger(seq)) invalid(`Segment key "${key}" has a sequence number beyond ${Number.MAX_SAFE_INTEGER}`);
  return { collection: match[1], shard: Number(match[2]), seq };
}

/** Prefix of one snapshot of a shard's partition (`snapshotId`: e.g. the zero-padded seq it reflects). */
export function snapshotPrefix(collection: string, shard: number, snapshotId: string): string {
  return `${shardPrefix(collection, shard)}snapshots/${checkedName('snapshot id', snapshotId)}/`;
}

export function snapshotKey(collection: string, shard: number, snapshotId: string, file: string): string {
  return `${snapshotPrefix(collection, shard, snapshotId)}${checkedName('snapshot file name', file)}`;
}

/** Prefix listing every generation of a collection, oldest first. */
export function generationsPrefix(collection: string): string {
  return `${collectionPrefix(collection)}generations/`;
}

export function generationPrefix(collection: string, generation: number): string {
  return `${generationsPrefix(collection)}${padded(checkedInteger('generation', generation), GENERATION_DIGITS)}/`;
}

/** The generation number of a key under {@link generationsPrefix}, or `null` for any other key. */
export function generationOfKey(collection: string, key: string): number | null {
  const prefix = generationsPrefix(collection);
  if (!key.startsWith(prefix)) return null;
  const id = key.slice(prefix.length, prefix.length + GENERATION_DIGITS + 1);
  return GENERATION_ID_PATTERN.test(id) ? Number(id.slice(0, GENERATION_DIGITS)) : null;
}

/** Commit point of a generation's template: its description and the upload holding the index. */
export function templateInfoKey(collection: string, generation: number): string {
  return `${generationPrefix(collection, generation)}template.json`;
}

/** The trained (empty) index a generation's shard builds start from, as uploaded by one training run. */
export function templateKey(collection: string, generation: number, upload: string): string {
  return `${generationPrefix(collection, generation)}template/${checkedName('template upload id', upload)}.faiss`;
}

export function buildShardPrefix(collection: string, generation: number, shard: number): string {
  return `${generationPrefix(collection, generation)}shards/${checkedInteger('shard', shard)}/`;
}

/** Commit point of a shard's build for a generation: names the upload holding the files. */
export function buildPointerKey(collection: string, generation: number, shard: number): string {
  return `${buildShardPrefix(collection, generation, shard)}build.json`;
}

/** Prefix of the files one build run uploaded. */
export function buildUploadPrefix(collection: string, generation: number, shard: number, upload: string): string {
  return `${buildShardPrefix(collection, generation, shard)}${checkedName('build upload id', upload)}/`;
}

export function buildFileKey(collection: string, generation: number, shard: number, upload: string, file: string): string {
  return `${buildUploadPrefix(collection, generation, shard, upload)}${checkedName('build file name', file)}`;
}

export function importPrefix(importId: string): string {
  return `imports/${checkedName('import id', importId)}/`;
}

export function importKey(importId: string, file: string): string {
  return `${importPrefix(importId)}${checkedName('import file name', file)}`;
}
