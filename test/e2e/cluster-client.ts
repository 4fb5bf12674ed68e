import type { CollectionInfo, CreateCollectionRequest, ImportRequest, JobInfo, SearchRequest, SearchResponse, WriteResponse } from '@shoal/contracts';

/** Minimal typed calls of the public API for the e2e tests (the full SDK arrives with libs/client). */
export class ClusterClient {
  constructor(private readonly baseUrl: string) {}

  async raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  private async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, body: payload } = await this.raw(method, path, body);
    if (status >= 300) throw new Error(`${method} ${path} → ${status} ${JSON.stringify(payload)}`);
    return payload as T;
  }

  createCollection(spec: CreateCollectionRequest): Promise<CollectionInfo> {
    return this.ok('POST', '/v1/collections', spec);
  }

  collection(name: string): Promise<CollectionInfo> {
    return this.ok('GET', `/v1/collections/${name}`);
  }

  upsert(name: string, vectors: { id: string; values: number[]; metadata?: Record<string, unknown> }[]): Promise<WriteResponse> {
    return this.ok('PUT', `/v1/collections/${name}/vectors`, { vectors });
  }

  delete(name: string, ids: string[]): Promise<WriteResponse> {
    return this.ok('POST', `/v1/collections/${name}/vectors/delete`, { ids });
  }

  fetch(name: string, id: string): Promise<{ status: number; body: unknown }> {
    return this.raw('GET', `/v1/collections/${name}/vectors/${encodeURIComponent(id)}`);
  }

  search(name: string, request: SearchRequest): Promise<SearchResponse> {
    return this.ok('POST', `/v1/collections/${name}/search`, request);
  }

  searchRaw(name: string, request: SearchRequest): Promise<{ status: number; body: unknown }> {
    return this.raw('POST', `/v1/collections/${name}/search`, request);
  }

  async train(name: string, body: { sampleSize?: number } = {}): Promise<string> {
    return (await this.ok<{ jobId: string }>('POST', `/v1/collections/${name}/train`, body)).jobId;
  }

  async import(name: string, request: ImportRequest): Promise<string> {
    return (await this.ok<{ jobId: string }>('POST', `/v1/collections/${name}/imports`, request)).jobId;
  }

  job(id: string): Promise<JobInfo> {
    return this.ok('GET', `/v1/jobs/${encodeURIComponent(id)}`);
  }

  /** Polls the job until it completed or failed (or `timeoutMs` passed: then throws with its last state). */
  async settle(id: string, timeoutMs = 120_000): Promise<JobInfo> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.job(id);
      if (job.state === 'completed' || job.state === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} (progress ${job.progress}) after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
