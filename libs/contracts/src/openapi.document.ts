import type { TSchema } from '@sinclair/typebox';
import { ErrorBodySchema } from './api-error';
import { API_ROUTES, CollectionListSchema, HealthCheckSchema, type ApiRoute } from './api-routes';
import { CollectionInfoSchema, CreateCollectionRequestSchema } from './collection.schema';
import { DashboardOverviewSchema } from './dashboard.schema';
import { ClusterInfoSchema } from './info.schema';
import { ImportRequestSchema, JobAcceptedSchema, JobInfoSchema, JobListSchema, TrainRequestSchema } from './jobs.schema';
import { SearchRequestSchema, SearchResponseSchema } from './search.schema';
import { DeleteVectorsRequestSchema, UpsertVectorsRequestSchema, VectorRecordSchema, WriteResponseSchema } from './vectors.schema';

type Json = Record<string, unknown>;

/** Schemas published under components/schemas; a route using one of these objects gets a $ref. */
const NAMED_SCHEMAS: Record<string, TSchema> = {
  CreateCollectionRequest: CreateCollectionRequestSchema,
  CollectionInfo: CollectionInfoSchema,
  CollectionList: CollectionListSchema,
  UpsertVectorsRequest: UpsertVectorsRequestSchema,
  DeleteVectorsRequest: DeleteVectorsRequestSchema,
  WriteResponse: WriteResponseSchema,
  VectorRecord: VectorRecordSchema,
  SearchRequest: SearchRequestSchema,
  SearchResponse: SearchResponseSchema,
  TrainRequest: TrainRequestSchema,
  ImportRequest: ImportRequestSchema,
  JobAccepted: JobAcceptedSchema,
  JobInfo: JobInfoSchema,
  JobList: JobListSchema,
  ClusterInfo: ClusterInfoSchema,
  DashboardOverview: DashboardOverviewSchema,
  HealthCheck: HealthCheckSchema,
  ErrorBody: ErrorBodySchema,
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the job was queued (or was already pending)',
  204: 'No Content',
  400: 'Invalid argument: the message names the field and the rule; nothing was changed',
  401: 'No valid API key (send "Authorization: Bearer <key>")',
  403: 'The API key is read-only',
  404: 'Not found',
  409: 'Already exists, or conflicts with the collection\'s state',
  413: 'Payload too large (a body over the limit, or a batch over its maximum)',
  500: 'Internal error',
  503: 'Unavailable: a shard has no live replica (use allowPartial), or a dependency is down',
  504: 'The search deadline passed',
};

/** A TypeBox schema as plain JSON Schema (TypeBox marks its objects with symbol keys). */
function plain(schema: TSchema): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}

function schemaRef(schema: TSchema): Json {
  const name = Object.keys(NAMED_SCHEMAS).find((key) => NAMED_SCHEMAS[key] === schema);
  return name === undefined ? plain(schema) : { $ref: `#/components/schemas/${name}` };
}

/** `/v1/collections/:name` → `/v1/collections/{name}`. */
export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function errorResponse(status: number): Json {
  return { description: STATUS_TEXT[status] ?? 'Error', content: { 'application/json': { schema: schemaRef(ErrorBodySchema) } } };
}

function operation(id: string, route: ApiRoute): Json {
  const responses: Json = {
    [route.success.status]:
      route.success.schema === null
        ? { description: STATUS_TEXT[route.success.status] }
        : { description: STATUS_TEXT[route.success.status], content: { [route.success.contentType ?? 'application/json']: { schema: schemaRef(route.success.schema) } } },
  };
  const errors = new Set<number>([...route.errors, ...(route.access === 'public' ? [] : [401]), ...(route.access === 'write' ? [403] : []), 500]);
  for (const status of [...errors].sort((a, b) => a - b)) responses[status] = errorResponse(status);
  const op: Json = {
    operationId: id,
    tags: [route.tag],
    summary: route.summary,
    security: route.access === 'public' ? [] : [{ apiKey: [] }],
    'x-shoal-access': route.access,
    responses,
  };
  if (route.parameters !== undefined) {
    op['parameters'] = route.parameters.map((p) => ({ name: p.name, in: p.in, description: p.description, required: p.required === true, schema: plain(p.schema) }));
  }
  if (route.body !== undefined) {
    op['requestBody'] = { required: route.bodyOptional !== true, content: { 'application/json': { schema: schemaRef(route.body) } } };
  }
  return op;
}

/**
 * The OpenAPI 3.1 document of the public API, generated from {@link API_ROUTES}: the same schema
 * objects the coordinator validates requests with. Served at `/docs/openapi.json`.
 */
export function buildOpenApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const [id, route] of Object.entries(API_ROUTES) as [string, ApiRoute][]) {
    const path = openApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation(id, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shoal',
      version,
      description:
        'Distributed vector search: collections sharded over shard workers (Faiss IVF-PQ, or the exact brute-force mock), ' +
        'fan-out search with a top-k merge, durable writes, training and imports as jobs. Errors are `{error: {code, message, details}}`. ' +
        'With API keys configured, /v1 needs `Authorization: Bearer <key>`; a read-only key may GET and search.',
      license: { name: 'Apache-2.0' },
    },
    tags: [
      { name: 'collections' },
      { name: 'vectors' },
      { name: 'search' },
      { name: 'jobs', description: 'training and imports run as BullMQ jobs' },
      { name: 'cluster' },
      { name: 'operations', description: 'probes and metrics, open without a key' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [name, plain(schema)])),
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'an API key from SHOAL_API_KEYS (read-write) or SHOAL_READ_ONLY_API_KEYS' } },
    },
  };
}
