import { randomBytes } from 'node:crypto';
import {
  buildFileKey,
  buildPointerKey,
  buildUploadPrefix,
  generationOfKey,
  generationPrefix,
  generationsPrefix,
  templateInfoKey,
  templateKey,
  type ObjectStore,
} from '@shoal/storage';
import { buildPointerProblem, type BuildPointer } from './build-pointer';
import { downloadFiles, readRecordedObject, uploadFiles, type StoredDirectory } from './directory-transfer';
import { listFlatFiles } from './local-snapshot-dir';
import { ShardLogError, ShardLogErrorCode, storageFailure, type ShardLogErrorDetails } from './shard-log.error';
import { readStoredJson } from './stored-json';
import { templateRecordProblem, type TemplateInfo, type TemplateRecord } from './template-record';

/**
 * A collection's index generations in the object store (issue 4): per generation, the IVF-PQ
 * template trained once for the whole collection and each shard's partition built from it.
 *
 * Templates and builds are committed by a small JSON object written after their files, once
 * (`putIfAbsent`), naming the upload that holds them. A crash mid-upload leaves nothing committed;
 * a job run twice never mixes files with the other run; the first commit stays, so every shard of
 * a generation is built from the same template and a build never changes under a replica.
 */
export class GenerationStore {
  constructor(private readonly store: ObjectStore) {}

  /**
   * Uploads a trained, empty template for `generation` and commits it with `info`. Resolves the
   * committed info: `info`, or the info of a template another run committed first (nothing is
   * uploaded when it already was, and a run that loses the commit deletes its own upload).
   */
  async putTemplate(collection: string, generation: number, bytes: Uint8Array, info: TemplateInfo): Promise<TemplateInfo> {
    if (info.generation !== generation) throw new RangeError(`info.generation ${info.generation} differs from generation ${generation}`);
    if (bytes.length === 0) throw new RangeError('template bytes must not be empty');
    const details = { collection, generation };
    const committed = await this.templateRecord(collection, generation);
    if (committed !== null) return committed.info;
    const upload = newUploadId();
    const key = templateKey(collection, generation, upload);
    await this.store.put(key, bytes).catch((error: unknown) => {
      throw storageFailure(error, `Cannot upload the template of ${collection} generation ${generation}`, { ...details, key });
    });
    const record: TemplateRecord = { info, upload, bytes: bytes.length };
    if (await this.commitOnce(templateInfoKey(collection, generation), record, details)) return info;
    // Unreferenced now; best effort, as deleting the generation removes it too.
    await this.store.delete(key).catch(() => undefined);
    return (await this.requireTemplateRecord(collection, generation)).info;
  }

  /** The committed template of `generation` with its info; `NOT_FOUND` when it has none. */
  async getTemplate(collection: string, generation: number): Promise<{ bytes: Buffer; info: TemplateInfo }> {
    const record = await this.requireTemplateRecord(collection, generation);
    const key = templateKey(collection, generation, record.upload);
    const bytes = await readRecordedObject(this.store, key, record.bytes, `The template of ${collection} generation ${generation}`, { collection, generation });
    return { bytes, info: record.info };
  }

  /** What `template.json` of `generation` says, or `null` while no template is committed. */
  async templateRecord(collection: string, generation: number): Promise<TemplateRecord | null> {
    return readStoredJson<TemplateRecord>(
      this.store,
      templateInfoKey(collection, generation),
      'template record',
      (value) => templateRecordProblem(value, generation),
      { collection, generation },
    );
  }

  /**
   * Uploads the partition files in `localDir` (flat) as `shard`'s build of `generation`, reflecting
   * the log up to `seq`, then commits `build.json`. Resolves the committed pointer: this one, or
   * the one another run committed first (a build is never replaced; nothing is uploaded when it
   * already exists, and a run that loses the commit deletes its own files).
   */
  async uploadBuild(collection: string, generation: number, shard: number, localDir: string, seq: number, backend: string): Promise<BuildPointer> {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`seq must be a non-negative integer, got ${seq}`);
    const files = await listFlatFiles(localDir);
    const committed = await this.build(collection, generation, shard);
    if (committed !== null) return committed;
    const upload = newUploadId();
    await uploadFiles(this.store, files, buildDirectory(collection, generation, shard, upload));
    const pointer: BuildPointer = { seq, files: files.map(({ name, bytes }) => ({ name, bytes })), createdAt: new Date().toISOString(), backend, upload };
    if (await this.commitOnce(buildPointerKey(collection, generation, shard), pointer, { collection, generation, shard, seq })) return pointer;
    // Unreferenced now; best effort, as deleting the generation removes them too.
    await this.store.deletePrefix(buildUploadPrefix(collection, generation, shard, upload)).catch(() => undefined);
    const winner = await this.build(collection, generation, shard);
    if (winner === null) throw notFound(`The build of ${collection}/${shard} generation ${generation} vanished after its commit (generation deleted?)`, { collection, generation, shard });
    return winner;
  }

  /** The committed build of `shard` for `generation`, or `null` when it has none (yet). */
  async build(collection: string, generation: number, shard: number): Promise<BuildPointer | null> {
    return readStoredJson<BuildPointer>(this.store, buildPointerKey(collection, generation, shard), 'build pointer', buildPointerProblem, {
      collection,
      generation,
      shard,
    });
  }

  /**
   * Downloads the build `pointer` names into `localDir`, which is replaced only once every file
   * arrived with its recorded size. Rejects `CORRUPT` when a file is missing (the generation was
   * deleted) or has the wrong size.
   */
  async downloadBuild(collection: string, generation: number, shard: number, pointer: BuildPointer, localDir: string): Promise<void> {
    const problem = buildPointerProblem(pointer);
    if (problem !== null) throw new RangeError(`invalid build pointer: ${problem}`);
    await downloadFiles(this.store, pointer.files, buildDirectory(collection, generation, shard, pointer.upload), localDir);
  }

  /** Every generation with any object stored (committed or not), in ascending order. */
  async listGenerations(collection: string): Promise<number[]> {
    const prefix = generationsPrefix(collection);
    const keys = await this.store.list(prefix).catch((error: unknown) => {
      throw storageFailure(error, `Cannot list the generations of ${collection}`, { collection, key: prefix });
    });
    const generations = new Set(keys.map((key) => generationOfKey(collection, key)).filter((generation): generation is number => generation !== null));
    return [...generations].sort((a, b) => a - b);
  }

  /** Deletes everything stored for `generation` (template, builds, abandoned uploads). */
  async deleteGeneration(collection: string, generation: number): Promise<void> {
    const prefix = generationPrefix(collection, generation);
    await this.store.deletePrefix(prefix).catch((error: unknown) => {
      throw storageFailure(error, `Cannot delete ${collection} generation ${generation}`, { collection, generation, key: prefix });
    });
  }

  /** Deletes every generation older than `keepFrom`; resolves the generations deleted. */
  async pruneGenerations(collection: string, keepFrom: number): Promise<number[]> {
    if (!Number.isSafeInteger(keepFrom) || keepFrom < 0) throw new RangeError(`keepFrom must be a non-negative integer, got ${keepFrom}`);
    const doomed = (await this.listGenerations(collection)).filter((generation) => generation < keepFrom);
    for (const generation of doomed) await this.deleteGeneration(collection, generation);
    return doomed;
  }

  private async requireTemplateRecord(collection: string, generation: number): Promise<TemplateRecord> {
    const record = await this.templateRecord(collection, generation);
    if (record !== null) return record;
    throw notFound(`${collection} generation ${generation} has no template (not trained yet, its upload did not finish, or it was deleted)`, {
      collection,
      generation,
      key: templateInfoKey(collection, generation),
    });
  }

  /** Writes a commit point unless one exists; resolves whether this call wrote it. */
  private async commitOnce(key: string, value: unknown, details: ShardLogErrorDetails): Promise<boolean> {
    return this.store.putIfAbsent(key, Buffer.from(JSON.stringify(value))).catch((error: unknown) => {
      throw storageFailure(error, `Cannot commit "${key}"`, { ...details, key });
    });
  }
}

/** Names one run's upload: random, so two runs of the same job never share a key. */
function newUploadId(): string {
  return randomBytes(6).toString('hex');
}

function buildDirectory(collection: string, generation: number, shard: number, upload: string): StoredDirectory {
  return {
    label: `The build of ${collection}/${shard} generation ${generation}`,
    fileKey: (name) => buildFileKey(collection, generation, shard, upload, name),
    details: { collection, generation, shard },
  };
}

function notFound(message: string, details: ShardLogErrorDetails): ShardLogError {
  return new ShardLogError(ShardLogErrorCode.NotFound, message, details);
}
