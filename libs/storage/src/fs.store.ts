import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, link, mkdir, open, readdir, readFile, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FilesystemObjectStoreOptions } from './fs-store.options';
import { fsErrorCode, isMissingObjectError, toFsStorageError } from './fs-errors';
import { copyToNewFileDurable, fsyncDirectory, makeDirectoryDurable, writeNewFileDurable } from './fs-durable';
import { listKeysUnder } from './fs-list';
import type { ListOptions } from './list-options';
import { writeFileAtomically } from './local-file';
import type { ObjectStat } from './object-stat';
import { startPastEnd, streamStart, type GetStreamOptions, type ObjectStore } from './object-store';
import { assertValidDeletePrefix, assertValidKey, assertValidLimit, assertValidPrefix } from './object-key';
import { messageOf, ObjectNotFoundError, StorageError, StorageErrorCode } from './storage.error';

/** Holds files being written. `~` never appears in keys, so this can never be an object's path. */
const STAGING_DIR = '.staging~';
/** Staged files older than this were left by a crashed writer; younger ones may be in flight in another process. */
const STALE_STAGING_MS = 60 * 60 * 1000;
const uniqueSuffix = () => `${process.pid}-${randomBytes(6).toString('hex')}`;

/**
 * {@link ObjectStore} on a local directory, one file per key. Writes are atomic and durable:
 * the body is written and fsynced in a staging file, renamed (or hard-linked, for
 * `putIfAbsent`) to the key's path, then the directory is fsynced. Readers therefore never see a
 * partial object, and a crash leaves either the old object or the new one.
 */
export class FilesystemObjectStore implements ObjectStore {
  readonly kind = 'fs' as const;
  /** Absolute directory holding the objects. */
  readonly root: string;
  private readonly stagingDir: string;

  constructor(options: FilesystemObjectStoreOptions) {
    this.root = resolve(options.root);
    this.stagingDir = join(this.root, STAGING_DIR);
  }

  async init(): Promise<void> {
    try {
      await makeDirectoryDurable(this.stagingDir);
      await this.removeStaleStagingFiles();
    } catch (error) {
      throw this.failure(error, 'init', undefined, 'write');
    }
  }

  async put(key: string, body: Buffer | Uint8Array): Promise<void> {
    const staged = await this.stage('put', key, (path) => writeNewFileDurable(path, body));
    await this.publish('put', key, staged, (target) => rename(staged, target));
  }

  async putIfAbsent(key: string, body: Buffer | Uint8Array): Promise<boolean> {
    const staged = await this.stage('putIfAbsent', key, (path) => writeNewFileDurable(path, body));
    return this.publish('putIfAbsent', key, staged, async (target) => {
      try {
        // link(2), unlike rename(2), fails when the name exists: the atomic "create if absent".
        await link(staged, target);
        return true;
      } catch (error) {
        if (fsErrorCode(error) === 'EEXIST' && (await this.stat(key)) !== null) return false;
        throw error;
      }
    });
  }

  async putFile(key: string, path: string): Promise<void> {
    this.pathOf(key);
    await this.assertSourceFile(key, path);
    const staged = await this.stage('putFile', key, (stagedPath) => copyToNewFileDurable(path, stagedPath));
    await this.publish('putFile', key, staged, (target) => rename(staged, target));
  }

  async get(key: string): Promise<Buffer> {
    const path = this.pathOf(key);
    try {
      return await readFile(path);
    } catch (error) {
      throw this.failure(error, 'get', key, 'read');
    }
  }

  async getToFile(key: string, path: string): Promise<void> {
    const source = this.pathOf(key);
    const copy = (partial: string) => copyFile(source, partial).catch((error: unknown) => {
      throw this.failure(error, 'getToFile', key, 'read');
    });
    try {
      await writeFileAtomically(path, copy);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw new StorageError(StorageErrorCode.Io, `Cannot write "${key}" to ${path}: ${messageOf(error)}`, { key, cause: error });
    }
  }

  async getStream(key: string, options: GetStreamOptions = {}): Promise<NodeJS.ReadableStream> {
    const path = this.pathOf(key);
    const start = streamStart(key, options);
    let file: FileHandle | undefined;
    let size: number;
    try {
      file = await open(path, 'r');
      const info = await file.stat();
      if (!info.isFile()) throw new ObjectNotFoundError(key);
      size = info.size;
    } catch (error) {
      await file?.close();
      throw this.failure(error, 'getStream', key, 'read');
    }
    if (start > size) {
      await file.close();
      throw startPastEnd(key, start, size);
    }
    // The stream owns the handle from here and closes it when it ends or is destroyed.
    return file.createReadStream({ start });
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<ObjectStat | null> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      // Built here rather than taken from fs.Stats, whose Dates belong to Node's core realm
      // (`instanceof Date` fails inside vm sandboxes such as jest's).
      return info.isFile() ? { size: info.size, modified: new Date(info.mtimeMs) } : null;
    } catch (error) {
      if (isMissingObjectError(error)) return null;
      throw this.failure(error, 'stat', key, 'read');
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<string[]> {
    assertValidPrefix(prefix);
    assertValidLimit(options.limit);
    try {
      const keys = await listKeysUnder(this.root, prefix, options.startAfter ?? '');
      return options.limit === undefined ? keys : keys.slice(0, options.limit);
    } catch (error) {
      throw this.failure(error, 'list', prefix, 'read');
    }
  }

  async delete(key: string): Promise<void> {
    await this.removeObjectFile(key);
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidDeletePrefix(prefix);
    let deleted = 0;
    for (const key of await this.list(prefix)) if (await this.removeObjectFile(key)) deleted++;
    return deleted;
  }

  async ping(): Promise<void> {
    try {
      if (!(await stat(this.root)).isDirectory()) throw new Error('not a directory');
      await access(this.root, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new StorageError(StorageErrorCode.Unavailable, `Data directory ${this.root} is not usable: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /** Unlinks the key's file; false when there was none (deletes are idempotent). */
  private async removeObjectFile(key: string): Promise<boolean> {
    const path = this.pathOf(key);
    try {
      // No directory fsync: a delete undone by a crash leaves garbage, never a wrong answer.
      // Emptied directories stay: removing them would race with a concurrent put into them.
      await unlink(path);
      return true;
    } catch (error) {
      if (isMissingObjectError(error)) return false;
      throw this.failure(error, 'delete', key, 'write');
    }
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return join(this.root, ...key.split('/'));
  }

  private async assertSourceFile(key: string, path: string): Promise<void> {
    const info = await stat(path).catch(() => null);
    if (info === null || !info.isFile()) {
      throw new StorageError(StorageErrorCode.Io, `Cannot upload "${key}": ${path} is not a readable file`, { key });
    }
  }

  /** Writes a uniquely named, fsynced file in the staging directory and returns its path. */
  private async stage(operation: string, key: string, write: (path: string) => Promise<void>): Promise<string> {
    this.pathOf(key);
    const staged = join(this.stagingDir, uniqueSuffix());
    try {
      await mkdir(this.stagingDir, { recursive: true });
      await write(staged);
      return staged;
    } catch (error) {
      await rm(staged, { force: true });
      throw this.failure(error, operation, key, 'write');
    }
  }

  /** Places a staged file at the key's path with `place`, fsyncs the directory, and always drops the staged name. */
  private async publish<T>(operation: string, key: string, staged: string, place: (target: string) => Promise<T>): Promise<T> {
    const target = this.pathOf(key);
    try {
      await makeDirectoryDurable(dirname(target));
      const result = await place(target);
      await fsyncDirectory(dirname(target));
      return result;
    } catch (error) {
      throw this.failure(error, operation, key, 'write');
    } finally {
      await rm(staged, { force: true });
    }
  }

  private async removeStaleStagingFiles(): Promise<void> {
    const cutoff = Date.now() - STALE_STAGING_MS;
    for (const name of await readdir(this.stagingDir)) {
      const path = join(this.stagingDir, name);
      const info = await stat(path).catch(() => null);
      if (info !== null && info.mtimeMs < cutoff) await rm(path, { force: true, recursive: true });
    }
  }

  private failure(error: unknown, operation: string, key: string | undefined, mode: 'read' | 'write'): StorageError {
    return toFsStorageError(error, { operation, key, root: this.root, mode });
  }
}
