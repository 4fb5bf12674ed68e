import { SEGMENT_SEQ_DIGITS, shardPrefix, snapshotKey, snapshotPrefix } from '@shoal/storage';

/*
 * Snapshot layout under a shard (keys.ts documents `snapshots/{id}/{file}`; the pointer and the
 * claim are specific to this library, so they are built here):
 *
 *   collections/{c}/shards/{s}/snapshots/{seq:020d}/{file}          the snapshot's files
 *   collections/{c}/shards/{s}/snapshots/{seq:020d}/_upload.claim   written first, by putIfAbsent
 *   collections/{c}/shards/{s}/snapshots/latest.json                 the commit point, written last
 */

/** Marks a snapshot directory as taken by one uploader, so two replicas never mix their files. */
export const CLAIM_FILE = '_upload.claim';

const ID_PATTERN = new RegExp(`^[0-9]{${SEGMENT_SEQ_DIGITS}}$`);

export function snapshotsPrefix(collection: string, shard: number): string {
  return `${shardPrefix(collection, shard)}snapshots/`;
}

export function latestPointerKey(collection: string, shard: number): string {
  return `${snapshotsPrefix(collection, shard)}latest.json`;
}

/** Snapshot ids are zero-padded seqs, so the store lists them oldest first. */
export function snapshotIdOf(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`snapshot seq must be a non-negative integer, got ${seq}`);
  return seq.toString().padStart(SEGMENT_SEQ_DIGITS, '0');
}

export function snapshotFileKey(collection: string, shard: number, seq: number, file: string): string {
  return snapshotKey(collection, shard, snapshotIdOf(seq), file);
}

export function snapshotDirPrefix(collection: string, shard: number, seq: number): string {
  return snapshotPrefix(collection, shard, snapshotIdOf(seq));
}

/** The seq of the snapshot directory holding `key`, or `null` for other keys (the pointer, foreign ids). */
export function snapshotSeqOfKey(collection: string, shard: number, key: string): number | null {
  const rest = key.slice(snapshotsPrefix(collection, shard).length);
  const slash = rest.indexOf('/');
  if (slash === -1) return null;
  const id = rest.slice(0, slash);
  return ID_PATTERN.test(id) ? Number(id) : null;
}
