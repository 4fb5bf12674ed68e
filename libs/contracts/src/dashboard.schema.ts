import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CollectionStateSchema, IndexSpecSchema, MetricSchema } from './collection.schema';
import { ClusterInfoSchema } from './info.schema';
import { JobInfoSchema } from './jobs.schema';
import { StringEnum } from './string-enum';

const Nullable = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

/**
 * active / recovering: as the worker's heartbeat reports the partition; dead: the heartbeat reports
 * a state this coordinator does not know; missing: placed on a worker whose heartbeat does not
 * report it (the worker is down, or has not loaded the partition yet).
 */
export const DashboardReplicaStateSchema = StringEnum(['active', 'recovering', 'dead', 'missing']);
export type DashboardReplicaState = Static<typeof DashboardReplicaStateSchema>;

/** One replica of one shard: where it lives and how far it is. */
export const DashboardReplicaSchema = Type.Object({
  workerId: Type.String(),
  url: Nullable(Type.String(), "the worker's internal URL; null when the worker is not live"),
  state: DashboardReplicaStateSchema,
  placed: Type.Boolean({ description: "whether the manifest's placement puts it there (false: a leftover the worker still serves)" }),
  generation: Nullable(Type.Integer(), 'the index generation it serves; null when missing'),
  appliedSeq: Nullable(Type.Integer(), 'the last log segment it applied; null when missing'),
  vectors: Nullable(Type.Integer(), 'live vectors it holds; null when missing'),
  lag: Nullable(Type.Integer({ minimum: 0 }), 'log segments allocated for its shard and not yet applied; null when missing'),
  backend: Nullable(Type.String(), 'the index that really answers: faiss_ivfpq, faiss_flat or exact_mock (brute force); null when unknown'),
});
export type DashboardReplica = Static<typeof DashboardReplicaSchema>;

export const DashboardShardSchema = Type.Object({
  shard: Type.Integer({ minimum: 0 }),
  headSeq: Type.Integer({ minimum: 0, description: 'the last log sequence number allocated for the shard' }),
  vectors: Type.Integer({ description: 'live vectors of its most advanced replica (as the collection count sums them)' }),
  covered: Type.Boolean({ description: 'at least one replica is active: searches of the shard are answered' }),
  replicas: Type.Array(DashboardReplicaSchema),
});
export type DashboardShard = Static<typeof DashboardShardSchema>;

export const DashboardCollectionSchema = Type.Object({
  name: Type.String(),
  dimension: Type.Integer(),
  metric: MetricSchema,
  index: IndexSpecSchema,
  state: CollectionStateSchema,
  generation: Type.Integer(),
  servingGeneration: Type.Integer(),
  vectors: Type.Integer({ description: 'as GET /v1/collections/{name} reports it' }),
  replicationFactor: Type.Integer({ description: 'replicas per shard the manifest asks for' }),
  pending: Type.Optional(Type.Object({ generation: Type.Integer(), jobId: Type.String() }, { description: 'the generation being trained or built, and its job' })),
  backends: Type.Array(Type.String(), { description: 'the indexes that really answer its live replicas, sorted' }),
  shards: Type.Array(DashboardShardSchema),
});
export type DashboardCollection = Static<typeof DashboardCollectionSchema>;

/** A live process of the cluster, from its heartbeat. */
export const DashboardMemberSchema = Type.Object({
  id: Type.String(),
  role: StringEnum(['coordinator', 'shard', 'worker']),
  url: Type.String(),
  startedAt: Type.String({ format: 'date-time' }),
  partitions: Type.Integer({ description: 'partition replicas its heartbeat reports (shard workers)' }),
});
export type DashboardMember = Static<typeof DashboardMemberSchema>;

export const DashboardHealthSchema = Type.Object({
  ready: Type.Boolean({ description: 'what GET /health/ready answers (200 = ready)' }),
  indicators: Type.Array(
    Type.Object({
      name: Type.String({ description: 'redis, objectStore, shards…' }),
      up: Type.Boolean(),
      message: Type.Optional(Type.String({ description: 'why it is down' })),
    }),
  ),
});
export type DashboardHealth = Static<typeof DashboardHealthSchema>;

const Latency = {
  count: Type.Integer({ minimum: 0, description: 'searches answered' }),
  errors: Type.Integer({ minimum: 0, description: 'of which answered with a 5xx' }),
  qps: Type.Number({ minimum: 0 }),
  p50Ms: Nullable(Type.Number(), 'median latency in ms (null without searches)'),
  p99Ms: Nullable(Type.Number(), '99th percentile latency in ms (null without searches)'),
};

export const DashboardTrafficBucketSchema = Type.Object({
  start: Type.Integer({ description: 'bucket start, ms since the epoch' }),
  ...Latency,
  partial: Type.Boolean({ description: 'the current bucket: its QPS is over the seconds elapsed so far' }),
});
export type DashboardTrafficBucket = Static<typeof DashboardTrafficBucketSchema>;

/** Searches answered by this coordinator (not the cluster: each coordinator counts its own). */
export const DashboardTrafficSchema = Type.Object({
  route: Type.String({ description: 'the route template counted' }),
  bucketSeconds: Type.Number(),
  windowSeconds: Type.Number(),
  relativeError: Type.Number({ description: 'bound on the relative error of p50/p99 (log-spaced histogram bins)' }),
  buckets: Type.Array(DashboardTrafficBucketSchema, { description: 'oldest first; the last one is partial' }),
  lastMinute: Type.Object({ ...Latency, seconds: Type.Number({ description: 'seconds covered' }) }),
});
export type DashboardTraffic = Static<typeof DashboardTrafficSchema>;

export const DashboardQueueSchema = Type.Object({
  queue: Type.String(),
  waiting: Type.Integer({ minimum: 0 }),
  active: Type.Integer({ minimum: 0 }),
  delayed: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  completed: Type.Integer({ minimum: 0, description: 'capped at the completed jobs kept' }),
});
export type DashboardQueue = Static<typeof DashboardQueueSchema>;

/** A job as GET /v1/jobs lists it, without its result (which may be large). */
export const DashboardJobSchema = Type.Omit(JobInfoSchema, ['result']);
export type DashboardJob = Static<typeof DashboardJobSchema>;

export const DashboardSectionErrorSchema = Type.Object({
  section: StringEnum(['topology', 'queues', 'jobs', 'info']),
  message: Type.String(),
});

/**
 * `GET /v1/dashboard`: everything the ops page shows, in one answer. A section that could not be
 * read (Redis down, a deadline passed) is null and named in `errors`; the rest still answers.
 */
export const DashboardOverviewSchema = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  coordinatorId: Type.String(),
  health: DashboardHealthSchema,
  topology: Nullable(Type.Object({ collections: Type.Array(DashboardCollectionSchema), members: Type.Array(DashboardMemberSchema) }), 'null when unreadable'),
  traffic: DashboardTrafficSchema,
  queues: Nullable(Type.Array(DashboardQueueSchema), 'job counts per queue; null when unreadable'),
  recentJobs: Nullable(Type.Array(DashboardJobSchema), 'newest first; null when unreadable'),
  info: Nullable(ClusterInfoSchema, 'GET /v1/info; null when unreadable'),
  errors: Type.Array(DashboardSectionErrorSchema),
});
export type DashboardOverview = Static<typeof DashboardOverviewSchema>;
