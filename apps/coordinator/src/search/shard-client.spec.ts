import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REQUEST_ID_HEADER } from '@shoal/config';
import { CLUSTER_TOKEN_HEADER, decodeShardSearch, SHARD_SEARCH_CONTENT_TYPE, type ShardSearchRequest } from '@shoal/contracts';
import { parsePrometheusText, Registry } from '@shoal/metrics';
import { freePort } from '@shoal/testing';
import { CoordinatorConfig } from '../common/coordinator.config';
import { ShardRpcMetrics } from '../metrics/shard-rpc.metrics';
import { ShardClient, ShardRpcError } from './shard-client';

const TOKEN = 'a-secret-of-16-chars';
const config = CoordinatorConfig.fromEnv({ REDIS_URL: 'redis://127.0.0.1:1', SHOAL_CLUSTER_TOKEN: TOKEN, SHOAL_DATA_DIR: '/tmp/unused' });

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A real HTTP server standing in for a shard worker; `answer` decides each reply. */
async function startServer(answer: (received: Received, res: ServerResponse) => void): Promise<{ url: string; received: Received[]; closed: () => number; server: Server }> {
  const received: Received[] = [];
  let closedEarly = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(entry);
      res.on('close', () => {
        if (!res.writableFinished) closedEarly++;
      });
      answer(entry, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, closed: () => closedEarly, server };
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const request = (extra: Partial<ShardSearchRequest> = {}): ShardSearchRequest => ({
  collection: 'c',
  shard: 1,
  k: 2,
  timeoutMs: 500,
  nq: 2,
  dimension: 3,
  queries: Float32Array.from([1, 2, 3, 4, 5, 6]),
  ...extra,
});

const twoLists = { results: [[{ id: 'a', distance: 1 }], [{ id: 'b', distance: 2 }]], appliedSeq: 7, generation: 1 };

describe('ShardClient (a real HTTP server as the shard)', () => {
  let registry: Registry;
  let client: ShardClient;
  const servers: Server[] = [];

  beforeEach(() => {
    registry = new Registry();
    client = new ShardClient(config, new ShardRpcMetrics(registry));
  });

  afterEach(async () => {
    await client.onApplicationShutdown();
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });

  const serve = async (answer: Parameters<typeof startServer>[0]) => {
    const started = await startServer(answer);
    servers.push(started.server);
    return started;
  };

  const errorOf = async (promise: Promise<unknown>): Promise<ShardRpcError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ShardRpcError);
    return error as ShardRpcError;
  };

  const samples = async (name: string) => parsePrometheusText(await registry.metrics()).filter((s) => s.name === name);

  it('sends the search as a binary frame with the cluster token and request id, and returns the parsed answer', async () => {
    const shard = await serve((_, res) => json(res, 200, twoLists));
    const answer = await client.search(shard.url, request({ requestId: 'req-1' }), 1000);
    expect(answer).toEqual(twoLists);
    const [sent] = shard.received;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/internal/v1/search');
    expect(sent.headers[CLUSTER_TOKEN_HEADER]).toBe(TOKEN);
    expect(sent.headers['content-type']).toBe(SHARD_SEARCH_CONTENT_TYPE);
    expect(sent.headers[REQUEST_ID_HEADER]).toBe('req-1');
    const frame = decodeShardSearch(sent.body);
    expect(Array.from(frame.queries)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(frame).toMatchObject({ collection: 'c', shard: 1, k: 2, nq: 2, dimension: 3 });
    const ok = (await samples('shoal_shard_rpc_duration_seconds_count')).find((s) => s.labels.outcome === 'ok');
    expect(ok?.value).toBe(1);
  });

  it('keeps the base URL path and joins an answer that arrives in several chunks', async () => {
    const body = JSON.stringify({ ...twoLists, results: [[{ id: 'x'.repeat(40_000), distance: 1 }], [{ id: 'y', distance: 2 }]] });
    const shard = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(body.slice(0, 10));
      setTimeout(() => res.end(body.slice(10)), 20);
    });
    const answer = await client.search(`${shard.url}/prefix/`, request(), 1000);
    expect(answer.results[0][0].id).toHaveLength(40_000);
    expect(shard.received[0].url).toBe('/prefix/internal/v1/search');
  });

  it('turns a non-2xx answer into an error with the status and the start of the body', async () => {
    const shard = await serve((_, res) => json(res, 503, { error: { code: 'UNAVAILABLE', message: 'still recovering' } }));
    const error = await errorOf(client.search(shard.url, request(), 1000));
    expect(error.status).toBe(503);
    expect(error.reason).toBe('http_503');
    expect(error.timedOut).toBe(false);
    expect(error.message).toContain('answered 503: {"error":{"code":"UNAVAILABLE","message":"still recovering"}}');
  });

  it('times out a shard that never answers, and closes that exchange rather than leaving it open', async () => {
    const shard = await serve(() => undefined);
    const started = performance.now();
    const error = await errorOf(client.search(shard.url, request(), 150));
    const waited = performance.now() - started;
    expect(error.timedOut).toBe(true);
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('no answer within 150 ms');
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(1000);
    for (let i = 0; i < 50 && shard.closed() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(shard.closed()).toBe(1);
    const timeouts = (await samples('shoal_shard_rpc_errors_total')).find((s) => s.labels.reason === 'timeout');
    expect(timeouts?.value).toBe(1);
  });

  it('reports a refused connection as a connection error, not a timeout', async () => {
    const error = await errorOf(client.search(`http://127.0.0.1:${await freePort()}`, request(), 1000));
    expect(error.reason).toBe('connection');
    expect(error.timedOut).toBe(false);
    expect(error.status).toBeUndefined();
  });

  it('refuses an answer that is not JSON, or not one sorted list per query', async () => {
    const garbled = await serve((_, res) => res.writeHead(200).end('{"results": [['));
    expect((await errorOf(client.search(garbled.url, request(), 1000))).reason).toBe('invalid_json');
    const short = await serve((_, res) => json(res, 200, { ...twoLists, results: [twoLists.results[0]] }));
    const error = await errorOf(client.search(short.url, request(), 1000));
    expect(error.reason).toBe('malformed_answer');
  });

  it('reads a vector, and answers null when the shard does not hold it', async () => {
    const shard = await serve((received, res) =>
      received.url.includes('/vectors/known') ? json(res, 200, { id: 'known', values: [1, 2] }) : json(res, 404, { error: { code: 'NOT_FOUND' } }),
    );
    expect(await client.getVector(shard.url, 'c', 0, 'known', 3, 1000)).toEqual({ id: 'known', values: [1, 2] });
    expect(await client.getVector(shard.url, 'c', 0, 'missing', 3, 1000)).toBeNull();
    expect(shard.received[0].url).toBe('/internal/v1/collections/c/shards/0/vectors/known?minSeq=3');
  });

  it('answers many concurrent calls over the kept-alive connections', async () => {
    const shard = await serve((received, res) => {
      const { nq } = decodeShardSearch(received.body);
      json(res, 200, { results: Array.from({ length: nq }, (_, q) => [{ id: String(q), distance: q }]), appliedSeq: 1, generation: 1 });
    });
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => client.search(shard.url, request({ nq: 1 + (i % 2), queries: new Float32Array(3 * (1 + (i % 2))) }), 2000)));
    expect(answers.map((a) => a.results.length)).toEqual(Array.from({ length: 100 }, (_, i) => 1 + (i % 2)));
  });
});
