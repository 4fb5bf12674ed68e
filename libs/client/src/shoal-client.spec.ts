import { ApiErrorCode, type CollectionInfo, type CreateCollectionRequest, type JobInfo } from '@shoal/contracts';
import { createServer } from 'node:net';
import type { RetryEvent } from './client.options';
import { ShoalClient } from './shoal-client';
import { ClientErrorCode, ShoalApiError, ShoalConnectionError, ShoalWaitTimeoutError } from './shoal.error';
import { errorBody, startCannedServer, type CannedAnswer, type CannedServer, type SeenRequest } from './testing/canned-http.server';

let server: CannedServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function running(): CannedServer {
  if (server === undefined) throw new Error('no canned server is running');
  return server;
}
const requests = () => running().seen;

const fastRetry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };

async function clientFor(answer: (request: SeenRequest, index: number) => CannedAnswer, options: { apiKey?: string; timeoutMs?: number; onRetry?: (event: RetryEvent) => void } = {}): Promise<ShoalClient> {
  server = await startCannedServer(answer);
  return new ShoalClient({ baseUrl: `${server.url}/`, retry: fastRetry, ...options });
}

const unavailable: CannedAnswer = { status: 503, body: errorBody(ApiErrorCode.Unavailable, 'shard 1 has no live replica', { shard: 1 }) };
const spec: CreateCollectionRequest = { name: 'docs', dimension: 4, metric: 'cosine', shards: 2, replicas: 1, index: { type: 'flat' } };
const info: CollectionInfo = { ...spec, state: 'exact', generation: 0, servingGeneration: 0, vectors: 0, createdAt: '2025-01-01T00:00:00.000Z' };

describe('ShoalClient requests', () => {
  it('sends the bearer key, JSON bodies (typed arrays as plain arrays) and encoded path segments', async () => {
    const client = await clientFor(() => ({ body: { upserted: 1, token: 't' } }), { apiKey: 'sk-1' });
    await expect(client.upsertVectors('docs', [{ id: 'a/b', values: new Float32Array([1, 2.5]) }])).resolves.toEqual({ upserted: 1, token: 't' });
    await client.getVector('docs', 'a/b');
    await client.listJobs({ collection: 'docs', limit: 5 });
    const [put, get, jobs] = requests();
    expect(put).toMatchObject({ method: 'PUT', url: '/v1/collections/docs/vectors', body: { vectors: [{ id: 'a/b', values: [1, 2.5] }] } });
    expect(put.headers).toMatchObject({ authorization: 'Bearer sk-1', 'content-type': 'application/json' });
    expect(get.url).toBe('/v1/collections/docs/vectors/a%2Fb');
    expect(jobs.url).toBe('/v1/jobs?collection=docs&limit=5');
  });

  it('sends no Authorization header without a key, and answers 204 with undefined', async () => {
    const client = await clientFor(() => ({ status: 204 }));
    await expect(client.dropCollection('docs')).resolves.toBeUndefined();
    expect(requests()[0].headers.authorization).toBeUndefined();
    expect(requests()[0]).toMatchObject({ method: 'DELETE', url: '/v1/collections/docs' });
  });

  it('maps an error body to ShoalApiError with status, code, message and details', async () => {
    const client = await clientFor(() => ({ status: 400, body: errorBody(ApiErrorCode.InvalidArgument, 'k must be <= 1000', { field: 'k' }) }));
    const error = await client.search('docs', { queries: [[1, 2, 3, 4]], k: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShoalApiError);
    expect(error).toMatchObject({ status: 400, code: ApiErrorCode.InvalidArgument, message: 'k must be <= 1000', details: { field: 'k' }, attempts: 1 });
  });

  it('keeps the status of an answer that is not the API error format', async () => {
    const client = await clientFor(() => ({ status: 502, body: '<html>Bad   Gateway</html>', headers: { 'content-type': 'text/html' } }));
    await expect(client.info()).rejects.toMatchObject({ status: 502, code: ClientErrorCode.UnexpectedResponse, message: 'HTTP 502: <html>Bad Gateway</html>' });
  });

  it('reports a not-ready cluster as a health report, not an error', async () => {
    const client = await clientFor(() => ({ status: 503, body: { status: 'error', details: { redis: { status: 'up' }, shards: { status: 'down', message: '1 shards' } } } }));
    await expect(client.health()).resolves.toEqual({ ready: false, status: 'error', details: { redis: { status: 'up' }, shards: { status: 'down', message: '1 shards' } } });
    expect(requests()).toHaveLength(1);
  });
});

describe('ShoalClient retries', () => {
  it('retries an idempotent call after 503s with growing delays, then answers', async () => {
    const events: RetryEvent[] = [];
    const client = await clientFor((_, i) => (i < 2 ? unavailable : { body: { results: [[]], partial: false, shards: { total: 2, answered: 2 }, tookMs: 1 } }), { onRetry: (e) => events.push(e) });
    await expect(client.search('docs', { queries: [[1, 0, 0, 0]], k: 1 })).resolves.toMatchObject({ partial: false });
    expect(requests()).toHaveLength(3);
    expect(events.map((e) => [e.method, e.path, e.attempt])).toEqual([
      ['POST', '/v1/collections/docs/search', 1],
      ['POST', '/v1/collections/docs/search', 2],
    ]);
    expect(events[0].error).toBeInstanceOf(ShoalApiError);
  });

  it('gives up after the configured attempts with the last error', async () => {
    const client = await clientFor(() => unavailable);
    await expect(client.getCollection('docs')).rejects.toMatchObject({ status: 503, code: ApiErrorCode.Unavailable, attempts: 4, details: { shard: 1 } });
    expect(requests()).toHaveLength(4);
  });

  it('does not retry other errors, nor calls that are not idempotent', async () => {
    const client = await clientFor((request) => (request.url.endsWith('/train') ? { status: 404, body: errorBody(ApiErrorCode.NotFound, 'no collection') } : unavailable));
    await expect(client.train('docs')).rejects.toMatchObject({ status: 404, attempts: 1 });
    await expect(client.request('POST', '/v1/anything', { body: {} })).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(requests()).toHaveLength(2);
  });

  it('retries a refused connection and then reports it as UNREACHABLE', async () => {
    const port = await closedPort();
    const client = new ShoalClient({ baseUrl: `http://127.0.0.1:${port}`, retry: fastRetry });
    const error = await client.listCollections().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShoalConnectionError);
    expect(error).toMatchObject({ code: ClientErrorCode.Unreachable, attempts: 4 });
    expect((error as Error).message).toBe(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('times out a slow attempt, retries it, and succeeds when the server answers in time', async () => {
    const client = await clientFor((_, i) => (i === 0 ? { delayMs: 1000, body: {} } : { body: { collections: [info] } }), { timeoutMs: 100 });
    await expect(client.listCollections()).resolves.toEqual([info]);
  });

  it('reports TIMEOUT when every attempt is too slow, with the per-call timeout', async () => {
    const client = await clientFor(() => ({ delayMs: 1000, body: {} }));
    const error = await client.info({ timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ClientErrorCode.Timeout, attempts: 4 });
    expect((error as Error).message).toBe('GET /v1/info: no answer within 50 ms');
  });

  it("rejects with the caller's abort reason, also while waiting to retry", async () => {
    const client = await clientFor(() => unavailable);
    const controller = new AbortController();
    const pending = new ShoalClient({ baseUrl: running().url, retry: { attempts: 3, baseDelayMs: 10_000, maxDelayMs: 10_000 } }).info({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user pressed Ctrl-C')), 50);
    await expect(pending).rejects.toThrow('user pressed Ctrl-C');
    await expect(client.info({ signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });
});

describe('ShoalClient create and drop after a lost answer', () => {
  it('returns the existing collection when a retried create meets 409 and the spec matches', async () => {
    const client = await clientFor((request, i) => {
      if (i === 0) return { hangUp: true };
      if (request.method === 'POST') return { status: 409, body: errorBody(ApiErrorCode.AlreadyExists, 'collection "docs" already exists') };
      return { body: info };
    });
    await expect(client.createCollection(spec)).resolves.toEqual(info);
    expect(requests().map((r) => r.method)).toEqual(['POST', 'POST', 'GET']);
  });

  it('keeps the 409 when the existing collection differs, or when the first attempt met it', async () => {
    const client = await clientFor((request, i) => {
      if (i === 0) return { hangUp: true };
      if (request.method === 'POST') return { status: 409, body: errorBody(ApiErrorCode.AlreadyExists, 'collection "docs" already exists') };
      return { body: { ...info, dimension: 8 } };
    });
    await expect(client.createCollection(spec)).rejects.toMatchObject({ status: 409, attempts: 2 });
    await expect(client.createCollection(spec)).rejects.toMatchObject({ status: 409, attempts: 1 });
    expect(requests().map((r) => r.method)).toEqual(['POST', 'POST', 'GET', 'POST']);
  });

  it('treats a 404 after a retried drop as done, but a first 404 as an error', async () => {
    const client = await clientFor((_, i) => (i === 0 ? { hangUp: true } : { status: 404, body: errorBody(ApiErrorCode.NotFound, 'no collection "docs"') }));
    await expect(client.dropCollection('docs')).resolves.toBeUndefined();
    await expect(client.dropCollection('docs')).rejects.toMatchObject({ status: 404, code: ApiErrorCode.NotFound, attempts: 1 });
  });
});

describe('ShoalClient waits', () => {
  const job = (state: JobInfo['state'], progress: number): JobInfo => ({ id: 'train:docs:1', type: 'train', collection: 'docs', state, progress, attempts: 1, createdAt: '2025-01-01T00:00:00.000Z' });

  it('waitForJob reports every polled state and resolves with the final one', async () => {
    const states = [job('waiting', 0), job('active', 0.5), job('completed', 1)];
    const client = await clientFor((_, i) => ({ body: states[Math.min(i, 2)] }));
    const seen: number[] = [];
    await expect(client.waitForJob('train:docs:1', { intervalMs: 1, onProgress: (j) => seen.push(j.progress) })).resolves.toMatchObject({ state: 'completed' });
    expect(seen).toEqual([0, 0.5, 1]);
    expect(requests()[0].url).toBe('/v1/jobs/train%3Adocs%3A1');
  });

  it('waitForJob gives up after timeoutMs with the last state', async () => {
    const client = await clientFor(() => ({ body: job('active', 0.25) }));
    const error = await client.waitForJob('train:docs:1', { intervalMs: 5, timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShoalWaitTimeoutError);
    expect(error).toMatchObject({ code: ClientErrorCode.WaitTimeout, message: 'job train:docs:1 is still active (25%) after 30 ms', last: { progress: 0.25 } });
  });

  it('waitForServingGeneration resolves once every replica serves the generation', async () => {
    const client = await clientFor((_, i) => ({ body: { ...info, generation: 1, servingGeneration: i < 2 ? 0 : 1 } }));
    await expect(client.waitForServingGeneration('docs', 1, { intervalMs: 1 })).resolves.toMatchObject({ servingGeneration: 1 });
    expect(requests()).toHaveLength(3);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
