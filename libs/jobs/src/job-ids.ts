import { createHash } from 'node:crypto';
import { COLLECTION_NAME_PATTERN } from '@shoal/contracts';
import type { ImportSource } from './job-data';
import { JobName } from './job-names';

/*
 * Deterministic job ids make producers idempotent: BullMQ ignores an add whose id exists, so the
 * same request (a retried HTTP call, two coordinators racing) queues one job. Ids use `.` as the
 * separator because BullMQ forbids `:` in custom ids; collection names never contain `.`.
 *
 *   train.{collection}.{incarnation}.g{generation}
 *   build-shard.{collection}.{incarnation}.g{generation}.s{shard}
 *   import.{collection}.{incarnation}.{source hash}
 *
 * `incarnation` is a short hash of the collection's createdAt, so a collection deleted and created
 * again under the same name gets new ids instead of colliding with the old one's kept jobs.
 */

const COLLECTION = new RegExp(COLLECTION_NAME_PATTERN);

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function incarnation(collection: string, createdAt: string): string {
  if (!COLLECTION.test(collection)) throw new RangeError(`collection "${collection}" is not a valid collection name (${COLLECTION_NAME_PATTERN})`);
  if (createdAt === '') throw new RangeError('collectionCreatedAt must not be empty');
  return sha256Hex(createdAt).slice(0, 8);
}

function counter(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

/** JSON with object keys sorted and undefined members left out, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function trainJobId(collection: string, collectionCreatedAt: string, generation: number): string {
  return `${JobName.Train}.${collection}.${incarnation(collection, collectionCreatedAt)}.g${counter('generation', generation)}`;
}

export function buildShardJobId(collection: string, collectionCreatedAt: string, generation: number, shard: number): string {
  const base = `${JobName.BuildShard}.${collection}.${incarnation(collection, collectionCreatedAt)}`;
  return `${base}.g${counter('generation', generation)}.s${counter('shard', shard)}`;
}

/** The same file imported with the same id prefix into the same collection is the same job. */
export function importJobId(collection: string, collectionCreatedAt: string, source: ImportSource, idPrefix?: string): string {
  const what = canonicalJson({ source: { bucket: source.bucket, key: source.key, format: source.format }, idPrefix });
  return `${JobName.Import}.${collection}.${incarnation(collection, collectionCreatedAt)}.${sha256Hex(what).slice(0, 16)}`;
}
