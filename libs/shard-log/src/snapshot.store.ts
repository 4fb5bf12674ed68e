import { collectionPrefix, type ObjectStore } from '@shoal/storage';
import { downloadFiles, uploadFiles, type StoredDirectory } from './directory-transfer';
import { listFlatFiles } from './local-snapshot-dir';
import { mapLimit } from './map-limit.util';
import { ShardLogError, ShardLogErrorCode, messageOf, storageFailure } from './shard-log.error';
import { CLAIM_FILE, latestPointerKey, snapshotDirPrefix, snapshotFileKey, snapshotIdOf, snapshotSeqOfKey, snapshotsPrefix } from './snapshot-keys';
import { snapshotPointerProblem, type SnapshotPointer } from './snapshot-pointer';
import { readStoredJson } from './stored-json';

/** Settings of {@link SnapshotStore}. */
export interface SnapshotStoreOptions {
  /** Complete snapshots kept per shard after an upload (at least 1). @defaultValue 2 */
  keep?: number;
  /**
   * Told when pruning old snapshots failed after a committed upload (the upload still succeeds;
   * the next one prunes again).
   * @defaultValue a process warning
   */
  onPruneError?: (error: unknown) => void;
}

/** Snapshot directories deleted at once while pruning. */
const PRUNE_CONCURRENCY = 4;

/**
 * Partition snapshots of a shard in the object store (ADR 0004). A snapshot is a flat directory of
 * files uploaded under `snapshots/{seq:020d}/`; `snapshots/latest.json` names the newest complete
 * one and is written last, so a crash mid-upload leaves the previous snapshot in force.
 */
export class SnapshotStore {
  private readonly keep: number;
  private readonly onPruneError: (error: unknown) => void;

  constructor(
    private readonly store: ObjectStore,
    options: SnapshotStoreOptions = {},
  ) {
    this.keep = options.keep ?? 2;
    if (!Number.isInteger(this.keep) || this.keep < 1) throw new RangeError(`keep must be a positive integer, got ${this.keep}`);
    this.onPruneError = options.onPruneError ?? ((error) => process.emitWarning(`snapshot pruning failed: ${messageOf(error)}`, 'ShoalSnapshotWarning'));
  }

  /**
   * Uploads every file of `localDir` as snapshot `seq`, commits it by writing `latest.json`, then
   * prunes all but the newest `keep`. Resolves the committed pointer: its own, or the one already
   * committed when that is at least as new (nothing is uploaded then, and the pointer never moves
   * back). Rejects `SNAPSHOT_CONFLICT` when another upload claimed `seq` first (replicas of a shard
   * snapshot the same seq around the same time; mixing their files would corrupt both).
   */
  async upload(collection: string, shard: number, seq: number, localDir: string, backend: string): Promise<SnapshotPointer> {
    snapshotIdOf(seq);
    const files = await listFlatFiles(localDir);
    if (files.some((file) => file.name === CLAIM_FILE)) throw new RangeError(`${CLAIM_FILE} is reserved and cannot be a snapshot file`);
    const previous = await this.latest(collection, shard);
    if (previous !== null && previous.seq >= seq) return previous;
    await this.claim(collection, shard, seq);
    await uploadFiles(this.store, files, snapshotDirectory(collection, shard, seq));
    const pointer: SnapshotPointer = { seq, files: files.map(({ name, bytes }) => ({ name, bytes })), createdAt: new Date().toISOString(), backend };
    // Another replica may have committed a newer snapshot during our upload.
    const current = await this.latest(collection, shard);
    if (current !== null && current.seq >= seq) return current;
    const key = latestPointerKey(collection, shard);
    await this.store.put(key, Buffer.from(JSON.stringify(pointer))).catch((error: unknown) => {
      throw storageFailure(error, `Cannot commit snapshot ${seq} of ${collection}/${shard}`, { collection, shard, seq, key });
    });
    await this.prune(collection, shard, seq, current?.seq).catch(this.onPruneError);
    return pointer;
  }

  /** The newest complete snapshot of the shard, or `null` when it has none. */
  async latest(collection: string, shard: number): Promise<SnapshotPointer | null> {
    return readStoredJson<SnapshotPointer>(this.store, latestPointerKey(collection, shard), 'snapshot pointer', snapshotPointerProblem, { collection, shard });
  }

  /**
   * Downloads the snapshot `pointer` names into `localDir`, which is replaced only once every file
   * arrived with its recorded size. Rejects `CORRUPT` when a file is missing (pruned since the
   * pointer was read: read `latest` again) or has the wrong size.
   */
  async download(collection: string, shard: number, pointer: SnapshotPointer, localDir: string): Promise<void> {
    const problem = snapshotPointerProblem(pointer);
    if (problem !== null) throw new RangeError(`invalid snapshot pointer: ${problem}`);
    await downloadFiles(this.store, pointer.files, snapshotDirectory(collection, shard, pointer.seq), localDir);
  }

  /** Deletes every object of the collection (log, snapshots, generations), so a collection created again under the name starts clean. */
  async deleteCollection(collection: string): Promise<void> {
    const prefix = collectionPrefix(collection);
    await this.store.deletePrefix(prefix).catch((error: unknown) => {
      throw storageFailure(error, `Cannot delete the objects of collection ${collection}`, { collection, key: prefix });
    });
  }

  private async claim(collection: string, shard: number, seq: number): Promise<void> {
    const key = snapshotFileKey(collection, shard, seq, CLAIM_FILE);
    const claimed = await this.store.putIfAbsent(key, Buffer.from(JSON.stringify({ seq, claimedAt: new Date().toISOString() }))).catch((error: unknown) => {
      throw storageFailure(error, `Cannot claim snapshot ${seq} of ${collection}/${shard}`, { collection, shard, seq, key });
    });
    if (!claimed) {
      throw new ShardLogError(ShardLogErrorCode.SnapshotConflict, `Snapshot ${seq} of ${collection}/${shard} is already being (or was) uploaded by another replica`, {
        collection,
        shard,
        seq,
        key,
      });
    }
  }

  /**
   * Deletes snapshot directories older than the newest `keep` at or below the committed seq.
   * Newer directories are uploads in progress and stay; so does the snapshot the pointer named
   * just before this commit, which a replica may still be downloading.
   */
  private async prune(collection: string, shard: number, committed: number, previous: number | undefined): Promise<void> {
    const keys = await this.store.list(snapshotsPrefix(collection, shard));
    const seqs = [...new Set(keys.map((key) => snapshotSeqOfKey(collection, shard, key)).filter((seq): seq is number => seq !== null))];
    const kept = new Set(seqs.filter((seq) => seq <= committed).sort((a, b) => b - a).slice(0, this.keep));
    if (previous !== undefined) kept.add(previous);
    const doomed = seqs.filter((seq) => seq < committed && !kept.has(seq));
    await mapLimit(doomed, PRUNE_CONCURRENCY, (seq) => this.store.deletePrefix(snapshotDirPrefix(collection, shard, seq)));
  }
}

function snapshotDirectory(collection: string, shard: number, seq: number): StoredDirectory {
  return {
    label: `Snapshot ${seq} of ${collection}/${shard}`,
    fileKey: (name) => snapshotFileKey(collection, shard, seq, name),
    details: { collection, shard, seq },
  };
}
