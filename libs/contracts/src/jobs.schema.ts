import { type Static, Type } from '@sinclair/typebox';
import { StringEnum } from './string-enum';

/** Jobs per `GET /v1/jobs` page: `limit` defaults to `default` and may not exceed `max`. */
export const JOB_LIST_LIMIT = { default: 100, max: 1000 } as const;

/** `POST /v1/collections/{name}/train`; an absent body means `{}`. */
export const TrainRequestSchema = Type.Object(
  {
    sampleSize: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'vectors sampled for training; default min(vectors, 256·nlist, 1 000 000), at least max(39·nlist, 2^nbits)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TrainRequest = Static<typeof TrainRequestSchema>;

/** S3 bucket naming rules: 3–63 lowercase letters, digits, `.` and `-`, a letter or digit at both ends, no `..`. */
export const BUCKET_NAME_PATTERN = '^(?!.*\\.\\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';

export const ImportFormatSchema = StringEnum(['fvecs', 'jsonl', 'npy'], {
  description: 'fvecs: little-endian int32 dimension + float32 values per record; jsonl: {"id","values","metadata"?} per line; npy: a 2-d float32 array',
});

export const ImportSourceSchema = Type.Object(
  {
    bucket: Type.Optional(
      Type.String({ pattern: BUCKET_NAME_PATTERN, description: 'another bucket of the cluster S3 endpoint (S3 object store only); default the cluster bucket' }),
    ),
    key: Type.String({ minLength: 1, maxLength: 1024, description: 'object key of the file' }),
    format: ImportFormatSchema,
  },
  { additionalProperties: false },
);

/** `POST /v1/collections/{name}/imports`. */
export const ImportRequestSchema = Type.Object(
  {
    source: ImportSourceSchema,
    idPrefix: Type.Optional(Type.String({ maxLength: 128, description: 'prepended to every imported id' })),
  },
  { additionalProperties: false },
);
export type ImportRequest = Static<typeof ImportRequestSchema>;

/** 202 answer of a request that queued (or found already queued) a job. */
export const JobAcceptedSchema = Type.Object({ jobId: Type.String() });
export type JobAccepted = Static<typeof JobAcceptedSchema>;

export const JobTypeSchema = StringEnum(['train', 'build-shard', 'import']);
export type JobType = Static<typeof JobTypeSchema>;

/**
 * waiting: queued, or backing off before a retry; active: running, or waiting for its child jobs;
 * completed and failed are final (failed jobs are kept for inspection).
 */
export const JobStateSchema = StringEnum(['waiting', 'active', 'completed', 'failed']);
export type JobState = Static<typeof JobStateSchema>;

export const JobInfoSchema = Type.Object({
  id: Type.String(),
  type: JobTypeSchema,
  collection: Type.String(),
  state: JobStateSchema,
  progress: Type.Number({ minimum: 0, maximum: 1, description: 'fraction done; 1 once completed' }),
  result: Type.Optional(Type.Unknown({ description: 'what a completed job reports' })),
  error: Type.Optional(Type.String({ description: 'why the last attempt failed' })),
  attempts: Type.Integer({ minimum: 0, description: 'attempts made so far' }),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export type JobInfo = Static<typeof JobInfoSchema>;

/** `GET /v1/jobs`, newest first. */
export const JobListSchema = Type.Object({ jobs: Type.Array(JobInfoSchema) });
export type JobList = Static<typeof JobListSchema>;
