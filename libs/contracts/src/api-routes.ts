import { type TSchema, Type } from '@sinclair/typebox';
import { CollectionInfoSchema, CreateCollectionRequestSchema } from './collection.schema';
import { DashboardOverviewSchema } from './dashboard.schema';
import { ClusterInfoSchema } from './info.schema';
import { ImportRequestSchema, JobAcceptedSchema, JobInfoSchema, JobListSchema, JOB_LIST_LIMIT, TrainRequestSchema } from './jobs.schema';
import { COLLECTION_NAME_PATTERN, LIMITS } from './limits';
import { SearchRequestSchema, SearchResponseSchema } from './search.schema';
import { DeleteVectorsRequestSchema, UpsertVectorsRequestSchema, VectorRecordSchema, WriteResponseSchema } from './vectors.schema';

/** Who may call a route once API keys are configured: anyone, a read-only key, or a read-write key. */
export type RouteAccess = 'public' | 'read' | 'write';

/** One parameter in a route's path or query string. */
export interface RouteParameter {
  name: string;
  in: 'path' | 'query';
  description: string;
  schema: TSchema;
  required?: boolean;
}

/**
 * One public route: the single description the server validates with (`body` is the schema its
 * SchemaPipe compiles), the OpenAPI document is generated from, and the access policy reads.
 */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify's template, `:name` style. */
  path: string;
  tag: 'collections' | 'vectors' | 'search' | 'jobs' | 'cluster' | 'operations';
  summary: string;
  access: RouteAccess;
  parameters?: readonly RouteParameter[];
  body?: TSchema;
  /** Whether a request may omit the body (training: absent means `{}`). */
  bodyOptional?: boolean;
  /** The success status and its body schema (null: no body). */
  success: { status: number; schema: TSchema | null; contentType?: string };
  /** Error statuses this route can answer besides 401/403/500, each with the error body. */
  errors: readonly number[];
}

const NAME: RouteParameter = {
  name: 'name',
  in: 'path',
  description: 'collection name',
  schema: Type.String({ pattern: COLLECTION_NAME_PATTERN, maxLength: LIMITS.maxCollectionName }),
  required: true,
};

/** `GET /v1/collections`. */
export const CollectionListSchema = Type.Object({ collections: Type.Array(CollectionInfoSchema) });

/** Terminus's body for `/health/*` (also with 503). */
export const HealthCheckSchema = Type.Object(
  {
    status: Type.String({ description: '"ok", or "error" with 503' }),
    info: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    error: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { description: 'the @nestjs/terminus health check result; each indicator named under details' },
);

/** Every public route of the coordinator, keyed by OpenAPI operationId. */
export const API_ROUTES = {
  createCollection: {
    method: 'POST', path: '/v1/collections', tag: 'collections', access: 'write',
    summary: 'Create a collection (name, dimension, metric, shards, replicas, index)',
    body: CreateCollectionRequestSchema, success: { status: 201, schema: CollectionInfoSchema }, errors: [400, 409, 413, 503],
  },
  listCollections: {
    method: 'GET', path: '/v1/collections', tag: 'collections', access: 'read',
    summary: 'List the collections', success: { status: 200, schema: CollectionListSchema }, errors: [],
  },
  getCollection: {
    method: 'GET', path: '/v1/collections/:name', tag: 'collections', access: 'read', parameters: [NAME],
    summary: 'A collection with its vector count, state and generation', success: { status: 200, schema: CollectionInfoSchema }, errors: [404],
  },
  deleteCollection: {
    method: 'DELETE', path: '/v1/collections/:name', tag: 'collections', access: 'write', parameters: [NAME],
    summary: 'Drop a collection and its data', success: { status: 204, schema: null }, errors: [404],
  },
  upsertVectors: {
    method: 'PUT', path: '/v1/collections/:name/vectors', tag: 'vectors', access: 'write', parameters: [NAME],
    summary: 'Insert or replace vectors; answers once the batch is durable in the log',
    body: UpsertVectorsRequestSchema, success: { status: 200, schema: WriteResponseSchema }, errors: [400, 404, 413, 503],
  },
  deleteVectors: {
    method: 'POST', path: '/v1/collections/:name/vectors/delete', tag: 'vectors', access: 'write', parameters: [NAME],
    summary: 'Delete vectors by id', body: DeleteVectorsRequestSchema, success: { status: 200, schema: WriteResponseSchema }, errors: [400, 404, 413, 503],
  },
  getVector: {
    method: 'GET', path: '/v1/collections/:name/vectors/:id', tag: 'vectors', access: 'read',
    parameters: [NAME, { name: 'id', in: 'path', description: 'vector id (percent-encoded)', schema: Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength }), required: true }],
    summary: 'A vector with its values and metadata', success: { status: 200, schema: VectorRecordSchema }, errors: [400, 404, 503],
  },
  search: {
    method: 'POST', path: '/v1/collections/:name/search', tag: 'search', access: 'read', parameters: [NAME],
    summary: 'k nearest neighbours of each query, merged over every shard',
    body: SearchRequestSchema, success: { status: 200, schema: SearchResponseSchema }, errors: [400, 404, 413, 503, 504],
  },
  train: {
    method: 'POST', path: '/v1/collections/:name/train', tag: 'jobs', access: 'write', parameters: [NAME],
    summary: 'Start (or find the pending) training job of an IVF-PQ collection',
    body: TrainRequestSchema, bodyOptional: true, success: { status: 202, schema: JobAcceptedSchema }, errors: [400, 404, 409],
  },
  startImport: {
    method: 'POST', path: '/v1/collections/:name/imports', tag: 'jobs', access: 'write', parameters: [NAME],
    summary: 'Import a file (fvecs, npy, jsonl) from the object store as a resumable job',
    body: ImportRequestSchema, success: { status: 202, schema: JobAcceptedSchema }, errors: [400, 404],
  },
  listJobs: {
    method: 'GET', path: '/v1/jobs', tag: 'jobs', access: 'read',
    parameters: [
      { name: 'collection', in: 'query', description: 'only this collection\'s jobs', schema: Type.String({ pattern: COLLECTION_NAME_PATTERN }) },
      { name: 'limit', in: 'query', description: 'newest first, at most this many', schema: Type.Integer({ minimum: 1, maximum: JOB_LIST_LIMIT.max, default: JOB_LIST_LIMIT.default }) },
    ],
    summary: 'Recent jobs, newest first', success: { status: 200, schema: JobListSchema }, errors: [400],
  },
  getJob: {
    method: 'GET', path: '/v1/jobs/:id', tag: 'jobs', access: 'read',
    parameters: [{ name: 'id', in: 'path', description: 'job id', schema: Type.String({ minLength: 1 }), required: true }],
    summary: 'A job with its state, progress and result', success: { status: 200, schema: JobInfoSchema }, errors: [404],
  },
  info: {
    method: 'GET', path: '/v1/info', tag: 'cluster', access: 'read',
    summary: 'Version, backends really serving, index specs, vectors, bytes per vector, generations, uptime',
    success: { status: 200, schema: ClusterInfoSchema }, errors: [],
  },
  dashboard: {
    method: 'GET', path: '/v1/dashboard', tag: 'cluster', access: 'read',
    summary: 'Everything the ops dashboard shows: topology, health, search traffic, queues, recent jobs',
    success: { status: 200, schema: DashboardOverviewSchema }, errors: [],
  },
  live: {
    method: 'GET', path: '/health/live', tag: 'operations', access: 'public',
    summary: 'Liveness: the process serves (consults nothing outside it)', success: { status: 200, schema: HealthCheckSchema }, errors: [],
  },
  ready: {
    method: 'GET', path: '/health/ready', tag: 'operations', access: 'public',
    summary: 'Readiness: Redis, object store and every shard covered by a live replica', success: { status: 200, schema: HealthCheckSchema }, errors: [503],
  },
  metrics: {
    method: 'GET', path: '/metrics', tag: 'operations', access: 'public',
    summary: 'Prometheus metrics (text exposition format)', success: { status: 200, schema: Type.String(), contentType: 'text/plain; version=0.0.4' }, errors: [],
  },
} as const satisfies Record<string, ApiRoute>;

export type ApiRouteId = keyof typeof API_ROUTES;
