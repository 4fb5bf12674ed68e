import {
  CLUSTER_TOKEN_HEADER,
  encodeShardSearch,
  INTERNAL_ROUTES,
  internalPath,
  LOG_SEGMENT_CONTENT_TYPE,
  SHARD_SEARCH_CONTENT_TYPE,
  type ShardSearchRequest,
} from '@shoal/contracts';

export interface Reply<T> {
  status: number;
  body: T;
}

/** Test support only: a minimal coordinator-side client of a shard worker's internal API. */
export class InternalApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  withToken(token: string | undefined): InternalApiClient {
    return new InternalApiClient(this.baseUrl, token);
  }

  search<T>(request: Omit<ShardSearchRequest, 'nq' | 'timeoutMs'> & { timeoutMs?: number }): Promise<Reply<T>> {
    const nq = request.queries.length / request.dimension;
    return this.call('POST', INTERNAL_ROUTES.search, {
      contentType: SHARD_SEARCH_CONTENT_TYPE,
      body: encodeShardSearch({ timeoutMs: 2000, ...request, nq }),
    });
  }

  postSearchBytes<T>(body: Buffer, contentType = SHARD_SEARCH_CONTENT_TYPE): Promise<Reply<T>> {
    return this.call('POST', INTERNAL_ROUTES.search, { contentType, body });
  }

  notifySegment<T>(collection: string, shard: number, bytes: Buffer): Promise<Reply<T>> {
    return this.call('POST', internalPath(INTERNAL_ROUTES.segments, { collection, shard }), { contentType: LOG_SEGMENT_CONTENT_TYPE, body: bytes });
  }

  vector<T>(collection: string, shard: number, id: string, minSeq?: number): Promise<Reply<T>> {
    const query = minSeq === undefined ? '' : `?minSeq=${minSeq}`;
    return this.call('GET', internalPath(INTERNAL_ROUTES.vector, { collection, shard, id }) + query);
  }

  snapshot<T>(collection: string, shard: number): Promise<Reply<T>> {
    return this.call('POST', internalPath(INTERNAL_ROUTES.snapshot, { collection, shard }));
  }

  status<T>(): Promise<Reply<T>> {
    return this.call('GET', INTERNAL_ROUTES.status);
  }

  get<T>(path: string): Promise<Reply<T>> {
    return this.call('GET', path);
  }

  private async call<T>(method: string, path: string, payload?: { contentType: string; body: Buffer }): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.token !== undefined) headers[CLUSTER_TOKEN_HEADER] = this.token;
    if (payload) headers['content-type'] = payload.contentType;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload?.body });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }
}
