import {
  ApiErrorCode,
  type ClusterInfo,
  type CollectionInfo,
  type CreateCollectionRequest,
  type ImportRequest,
  type JobAccepted,
  type JobInfo,
  type JobList,
  type SearchResponse,
  type TrainRequest,
  type VectorRecord,
  type WriteResponse,
} from '@shoal/contracts';
import type { CallOptions, ShoalClientOptions } from './client.options';
import type { HealthReport } from './health-report';
import { HttpTransport, type HttpMethod, type HttpRequest, type HttpResponse } from './http-transport';
import { pollJob, pollServingGeneration, type WaitForJobOptions, type WaitOptions } from './job-waiter';
import { sameCollectionSpec } from './same-collection-spec';
import { ShoalApiError } from './shoal.error';
import { toSearchRequest, toVectorRecords, type SearchInput, type VectorInput } from './vector-input';

const segment = encodeURIComponent;

/**
 * The public API of a Shoal cluster (v1), one method per route, typed from `@shoal/contracts`.
 * Errors: {@link ShoalApiError} for an error answer, {@link ShoalConnectionError} for none.
 *
 * Retries (503 or no answer, with backoff) apply to calls that are safe to repeat: reads, search,
 * upsert (by id), delete by ids, train and import (the server answers a repeated request with the
 * same pending job). Creating and dropping a collection are retried too, and a retry that meets
 * the effect of an earlier lost attempt is resolved: see {@link createCollection} and {@link dropCollection}.
 */
export class ShoalClient {
  private readonly http: HttpTransport;

  constructor(options: ShoalClientOptions) {
    this.http = new HttpTransport(options);
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /**
   * `POST /v1/collections`. Not idempotent on the wire: a retry after a 201 that was lost answers
   * 409. So after a retried attempt, a 409 is checked against the collection that exists: when it
   * is exactly the requested spec it is returned as created. (It may have been created by someone
   * else with the same spec in the meantime; for the caller the outcome is the same.) A first
   * attempt's 409 is always thrown: the name was taken before this call.
   */
  async createCollection(spec: CreateCollectionRequest, call?: CallOptions): Promise<CollectionInfo> {
    try {
      return await this.send<CollectionInfo>({ method: 'POST', path: '/v1/collections', body: spec, idempotent: true, call });
    } catch (error) {
      if (!(error instanceof ShoalApiError && error.code === ApiErrorCode.AlreadyExists && error.attempts > 1)) throw error;
      const existing = await this.getCollection(spec.name, call).catch(() => null);
      if (existing !== null && sameCollectionSpec(spec, existing)) return existing;
      throw error;
    }
  }

  /** `GET /v1/collections`. */
  async listCollections(call?: CallOptions): Promise<CollectionInfo[]> {
    return (await this.send<{ collections: CollectionInfo[] }>({ method: 'GET', path: '/v1/collections', idempotent: true, call })).collections;
  }

  /** `GET /v1/collections/{name}`: spec, state, generations and (heartbeat) vector count. */
  getCollection(name: string, call?: CallOptions): Promise<CollectionInfo> {
    return this.send({ method: 'GET', path: `/v1/collections/${segment(name)}`, idempotent: true, call });
  }

  /** `DELETE /v1/collections/{name}`. A 404 after a retried attempt means an earlier attempt dropped it: success. */
  async dropCollection(name: string, call?: CallOptions): Promise<void> {
    try {
      await this.send({ method: 'DELETE', path: `/v1/collections/${segment(name)}`, idempotent: true, call });
    } catch (error) {
      if (!(error instanceof ShoalApiError && error.code === ApiErrorCode.NotFound && error.attempts > 1)) throw error;
    }
  }

  /** `PUT /v1/collections/{name}/vectors`: at most LIMITS.maxBatchVectors; answers once durable, with a read-your-writes `token`. */
  upsertVectors(name: string, vectors: readonly VectorInput[], call?: CallOptions): Promise<WriteResponse> {
    return this.send({ method: 'PUT', path: `/v1/collections/${segment(name)}/vectors`, body: { vectors: toVectorRecords(vectors) }, idempotent: true, call });
  }

  /** `POST /v1/collections/{name}/vectors/delete`: at most LIMITS.maxBatchIds. */
  deleteVectors(name: string, ids: readonly string[], call?: CallOptions): Promise<WriteResponse> {
    return this.send({ method: 'POST', path: `/v1/collections/${segment(name)}/vectors/delete`, body: { ids }, idempotent: true, call });
  }

  /** `GET /v1/collections/{name}/vectors/{id}`; a missing id is a {@link ShoalApiError} with code NOT_FOUND. */
  getVector(name: string, id: string, call?: CallOptions): Promise<VectorRecord> {
    return this.send({ method: 'GET', path: `/v1/collections/${segment(name)}/vectors/${segment(id)}`, idempotent: true, call });
  }

  /** `POST /v1/collections/{name}/search`: `results[i]` answers `queries[i]`, nearest first. */
  search(name: string, request: SearchInput, call?: CallOptions): Promise<SearchResponse> {
    return this.send({ method: 'POST', path: `/v1/collections/${segment(name)}/search`, body: toSearchRequest(request), idempotent: true, call });
  }

  /** `POST /v1/collections/{name}/train`: queues (or finds pending) the training job; follow it with {@link waitForJob}. */
  train(name: string, request: TrainRequest = {}, call?: CallOptions): Promise<JobAccepted> {
    return this.send({ method: 'POST', path: `/v1/collections/${segment(name)}/train`, body: request, idempotent: true, call });
  }

  /** `POST /v1/collections/{name}/imports`: imports an object already in the cluster's store; the same request answers the same job. */
  startImport(name: string, request: ImportRequest, call?: CallOptions): Promise<JobAccepted> {
    return this.send({ method: 'POST', path: `/v1/collections/${segment(name)}/imports`, body: request, idempotent: true, call });
  }

  /** `GET /v1/jobs/{id}`. */
  getJob(id: string, call?: CallOptions): Promise<JobInfo> {
    return this.send({ method: 'GET', path: `/v1/jobs/${segment(id)}`, idempotent: true, call });
  }

  /** `GET /v1/jobs`, newest first. */
  async listJobs(query: { collection?: string; limit?: number } = {}, call?: CallOptions): Promise<JobInfo[]> {
    return (await this.send<JobList>({ method: 'GET', path: '/v1/jobs', query, idempotent: true, call })).jobs;
  }

  /** `GET /v1/info`: version, live backends, and per collection what really serves it. */
  info(call?: CallOptions): Promise<ClusterInfo> {
    return this.send({ method: 'GET', path: '/v1/info', idempotent: true, call });
  }

  /** `GET /health/ready`: a cluster that is not ready (503) is a report with `ready: false`, not an error. */
  async health(call?: CallOptions): Promise<HealthReport> {
    const { status, body } = await this.http.request({ method: 'GET', path: '/health/ready', idempotent: true, acceptStatus: [503], call });
    const report = (body ?? {}) as Partial<Omit<HealthReport, 'ready'>>;
    return { ready: status === 200, status: report.status ?? 'error', details: report.details ?? {} };
  }

  /** Polls `GET /v1/jobs/{id}` until the job is `completed` or `failed` and returns it (check `state`). */
  waitForJob(id: string, options: WaitForJobOptions = {}): Promise<JobInfo> {
    return pollJob((jobId, call) => this.getJob(jobId, call), id, options);
  }

  /** Polls the collection until every live replica serves `generation` (e.g. a finished training's) or later. */
  waitForServingGeneration(name: string, generation: number, options: WaitOptions = {}): Promise<CollectionInfo> {
    return pollServingGeneration((collection, call) => this.getCollection(collection, call), name, generation, options);
  }

  /**
   * Any route, for what has no method yet: `path` is sent as given (encode its segments). Error
   * statuses throw like every other call; `idempotent` opts into the retries.
   */
  request(method: HttpMethod, path: string, options: { body?: unknown; query?: HttpRequest['query']; idempotent?: boolean } = {}, call?: CallOptions): Promise<HttpResponse> {
    return this.http.request({ method, path, body: options.body, query: options.query, idempotent: options.idempotent ?? false, call });
  }

  private async send<T>(request: HttpRequest): Promise<T> {
    return (await this.http.request(request)).body as T;
  }
}
