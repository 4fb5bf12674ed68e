import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserializeVectorIndex, type EngineBackend } from './create-index';
import { EngineError, EngineErrorCode } from './engine.error';
import type { PartitionOptions, VectorMetadata } from './partition.types';
import type { VectorIndex } from './vector-index';

/** Bump when the on-disk layout changes; older formats are refused with a clear error. */
const FORMAT = 1;
const MANIFEST = 'partition.json';

export interface PartitionSnapshot {
  options: Required<PartitionOptions>;
  indexedUpTo: number;
  slotIds: (string | undefined)[];
  metadata: [string, VectorMetadata][];
  store: { vectors: Float32Array; alive: Uint8Array };
  /** Serialized index, or null when the index is untrained (its vectors are then rebuilt into the tail). */
  indexBytes: Buffer | null;
}

export interface LoadedSnapshot extends PartitionSnapshot {
  deserializeIndex(backend: EngineBackend): Promise<VectorIndex>;
}

interface Manifest {
  format: number;
  options: Required<PartitionOptions>;
  indexedUpTo: number;
  ids: (string | null)[];
  metadata: [string, VectorMetadata][];
  files: Record<'vectors' | 'alive' | 'index', { bytes: number; sha256: string } | null>;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const view = (a: Float32Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Writes into a fresh sibling directory, then renames it over `dir`: a crash leaves either the old
 * snapshot or the new one, never a mix. The manifest records each file's size and SHA-256.
 */
export async function writePartitionSnapshot(dir: string, snapshot: PartitionSnapshot): Promise<void> {
  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  const vectors = view(snapshot.store.vectors);
  const alive = view(snapshot.store.alive);
  const files: Manifest['files'] = {
    vectors: { bytes: vectors.length, sha256: sha256(vectors) },
    alive: { bytes: alive.length, sha256: sha256(alive) },
    index: snapshot.indexBytes ? { bytes: snapshot.indexBytes.length, sha256: sha256(snapshot.indexBytes) } : null,
  };
  await writeFile(join(staging, 'vectors.f32'), vectors);
  await writeFile(join(staging, 'alive.u8'), alive);
  if (snapshot.indexBytes) await writeFile(join(staging, 'index.bin'), snapshot.indexBytes);
  const manifest: Manifest = {
    format: FORMAT,
    options: snapshot.options,
    indexedUpTo: snapshot.indexedUpTo,
    ids: snapshot.slotIds.map((id) => id ?? null),
    metadata: snapshot.metadata,
    files,
  };
  await writeFile(join(staging, MANIFEST), JSON.stringify(manifest));
  const previous = `${dir}.old-${process.pid}-${Date.now()}`;
  await rename(dir, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, dir);
  await rm(previous, { recursive: true, force: true });
}

export async function readPartitionSnapshot(dir: string): Promise<LoadedSnapshot> {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
  if (manifest.format !== FORMAT) {
    throw new EngineError(EngineErrorCode.CorruptSnapshot, `partition snapshot format ${manifest.format} is not supported (expected ${FORMAT})`);
  }
  const vectors = await readChecked(dir, 'vectors.f32', manifest.files.vectors);
  const alive = await readChecked(dir, 'alive.u8', manifest.files.alive);
  const indexBytes = manifest.files.index ? await readChecked(dir, 'index.bin', manifest.files.index) : null;
  const { dimension, metric, index } = manifest.options;
  if (!vectors || !alive || alive.length !== manifest.ids.length || vectors.length !== alive.length * dimension * 4) {
    throw new EngineError(EngineErrorCode.CorruptSnapshot, `partition snapshot in ${dir} has inconsistent sizes`);
  }
  return {
    options: manifest.options,
    indexedUpTo: manifest.indexedUpTo,
    slotIds: manifest.ids.map((id) => id ?? undefined),
    metadata: manifest.metadata,
    store: {
      vectors: new Float32Array(vectors.buffer, vectors.byteOffset, vectors.length / 4),
      alive: new Uint8Array(alive.buffer, alive.byteOffset, alive.length),
    },
    indexBytes,
    deserializeIndex: (backend) => {
      if (!indexBytes) throw new EngineError(EngineErrorCode.CorruptSnapshot, 'snapshot holds no index');
      return deserializeVectorIndex(backend, indexBytes, metric, index);
    },
  };
}

async function readChecked(dir: string, name: string, expected: { bytes: number; sha256: string } | null): Promise<Buffer | null> {
  if (!expected) return null;
  const bytes = await readFile(join(dir, name));
  if (bytes.length !== expected.bytes || sha256(bytes) !== expected.sha256) {
    throw new EngineError(EngineErrorCode.CorruptSnapshot, `partition snapshot file ${name} in ${dir} is corrupt (size or checksum mismatch)`);
  }
  return bytes;
}
