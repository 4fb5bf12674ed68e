import { ShoalApiError, ShoalClient, type HttpMethod } from '@shoal/client';
import type { CollectionInfo, CreateCollectionRequest, ImportRequest, JobInfo, SearchRequest, SearchResponse, VectorRecord, WriteResponse } from '@shoal/contracts';

/** One answer as the server gave it: status and body, errors included. */
export interface RawReply {
  status: number;
  body: unknown;
}

/**
 * The e2e tests' view of the public API: a thin layer over the SDK (`@shoal/client`), so every
 * e2e test also exercises it. `sdk` retries 503s like a user's client; the `raw`, `searchRaw` and
 * `fetch` variants make one attempt and report its status, which is what those tests assert.
 */
export class ClusterClient {
  readonly sdk: ShoalClient;
  private readonly once: ShoalClient;

  constructor(baseUrl: string, apiKey?: string) {
    this.sdk = new ShoalClient({ baseUrl, apiKey });
    this.once = new ShoalClient({ baseUrl, apiKey, retry: { attempts: 1 } });
  }

  async raw(method: HttpMethod, path: string, body?: unknown): Promise<RawReply> {
    try {
      const reply = await this.once.request(method, path, { body });
      return { status: reply.status, body: reply.body };
    } catch (error) {
      if (!(error instanceof ShoalApiError)) throw error;
      return { status: error.status, body: { error: { code: error.code, message: error.message, details: error.details } } };
    }
  }

  createCollection(spec: CreateCollectionRequest): Promise<CollectionInfo> {
    return this.sdk.createCollection(spec);
  }

  collection(name: string): Promise<CollectionInfo> {
    return this.sdk.getCollection(name);
  }

  upsert(name: string, vectors: VectorRecord[]): Promise<WriteResponse> {
    return this.sdk.upsertVectors(name, vectors);
  }

  delete(name: string, ids: string[]): Promise<WriteResponse> {
    return this.sdk.deleteVectors(name, ids);
  }

  fetch(name: string, id: string): Promise<RawReply> {
    return this.raw('GET', `/v1/collections/${encodeURIComponent(name)}/vectors/${encodeURIComponent(id)}`);
  }

  search(name: string, request: SearchRequest): Promise<SearchResponse> {
    return this.sdk.search(name, request);
  }

  searchRaw(name: string, request: SearchRequest): Promise<RawReply> {
    return this.raw('POST', `/v1/collections/${encodeURIComponent(name)}/search`, request);
  }

  async train(name: string, body: { sampleSize?: number } = {}): Promise<string> {
    return (await this.sdk.train(name, body)).jobId;
  }

  async import(name: string, request: ImportRequest): Promise<string> {
    return (await this.sdk.startImport(name, request)).jobId;
  }

  job(id: string): Promise<JobInfo> {
    return this.sdk.getJob(id);
  }

  /** Polls the job until it completed or failed (or `timeoutMs` passed: then throws with its last state). */
  settle(id: string, timeoutMs = 120_000): Promise<JobInfo> {
    return this.sdk.waitForJob(id, { timeoutMs, intervalMs: 100 });
  }
}
