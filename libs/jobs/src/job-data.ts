import type { JobName } from './job-names';

/**
 * Every payload names its collection and the `createdAt` of the manifest it was queued for: a
 * collection deleted and re-created under the same name is another collection, and a job queued
 * for the old one must not touch the new one.
 */
interface CollectionJobData {
  collection: string;
  /** `CollectionManifest.createdAt` when the job was queued. */
  collectionCreatedAt: string;
}

/** Training of generation `generation`, run in two steps of one job (see JobContext.waitForChildren). */
export interface TrainJobData extends CollectionJobData {
  /** The generation being made: the manifest's `pending.generation`. */
  generation: number;
  /** Vectors sampled for training; the coordinator's preflight resolves the default. */
  sampleSize?: number;
  /** `train`: sample, train the template, queue the shard builds; `flip`: all built, switch generation. */
  step: 'train' | 'flip';
}

/** One shard's index file of a generation, a child of its training job. */
export interface BuildShardJobData extends CollectionJobData {
  generation: number;
  shard: number;
}

/** A file in the object store to import; `bucket` is another bucket of the cluster's S3 endpoint. */
export interface ImportSource {
  /** @defaultValue the cluster's own bucket (or the filesystem store) */
  bucket?: string;
  key: string;
  format: 'fvecs' | 'jsonl' | 'npy';
}

/** A bulk import; the worker commits its progress in the data so a retry or another worker resumes. */
export interface ImportJobData extends CollectionJobData {
  source: ImportSource;
  /** Prepended to every imported id (formats without ids number the records). */
  idPrefix?: string;
  /** Byte offset in the source after the last batch appended to the log. @defaultValue 0 */
  committedOffset?: number;
  /** Records appended up to `committedOffset`. @defaultValue 0 */
  committedRecords?: number;
}

interface JobDataByName {
  [JobName.Train]: TrainJobData;
  [JobName.BuildShard]: BuildShardJobData;
  [JobName.Import]: ImportJobData;
}

/** The payload type of job `N`. */
export type JobDataOf<N extends JobName> = JobDataByName[N];

/** Any job's payload. */
export type AnyJobData = JobDataOf<JobName>;
