import { ApiErrorCode } from '@shoal/contracts';
import { CoordinatorHarness } from '../testing/coordinator.harness';

const WRITE_KEY = 'rw-key-for-tests-0123456789';
const READ_KEY = 'ro-key-for-tests-0123456789';
const asWriter = { authorization: `Bearer ${WRITE_KEY}` };
const asReader = { authorization: `Bearer ${READ_KEY}` };

describe('coordinator API keys and request ids (real Redis, fs store)', () => {
  let h: CoordinatorHarness;

  beforeAll(async () => {
    h = await CoordinatorHarness.start({ SHOAL_API_KEYS: WRITE_KEY, SHOAL_READ_ONLY_API_KEYS: READ_KEY });
    h.defaultHeaders = asWriter;
    expect((await h.create('keyed')).status).toBe(201);
    await h.hostAsPlaced('keyed');
    expect((await h.call('PUT', '/v1/collections/keyed/vectors', { vectors: [{ id: 'a', values: [1, 2] }] })).status).toBe(200);
    await h.untilSearchable('keyed');
  });
  afterAll(() => h?.stop());

  it('refuses /v1 without a valid key: 401 with WWW-Authenticate, the error format and the request id', async () => {
    for (const headers of [{ authorization: '' }, { authorization: 'Bearer not-a-configured-key-000' }, { authorization: `Basic ${WRITE_KEY}` }]) {
      const reply = await h.call('GET', '/v1/collections', undefined, undefined, headers);
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe(ApiErrorCode.Unauthorized);
      expect(reply.headers.get('www-authenticate')).toBe('Bearer realm="shoal"');
      expect(reply.headers.get('x-request-id')).toBeTruthy();
    }
    // Unknown routes under /v1 need a key too: probing without one learns nothing.
    expect((await h.call('GET', '/v1/nothing-here', undefined, undefined, { authorization: '' })).status).toBe(401);
  });

  it('refuses an unauthenticated body before reading it', async () => {
    h.defaultHeaders = {};
    try {
      const reply = await h.sendOversized('PUT', '/v1/collections/keyed/vectors', 80 << 20);
      expect(reply.status).toBe(401);
    } finally {
      h.defaultHeaders = asWriter;
    }
  });

  it('lets a read-only key read and search, and refuses its writes with 403 changing nothing', async () => {
    expect((await h.call('GET', '/v1/collections/keyed', undefined, undefined, asReader)).status).toBe(200);
    expect((await h.call('POST', '/v1/collections/keyed/search', { queries: [[1, 2]], k: 1 }, undefined, asReader)).status).toBe(200);
    const before = await h.writeState('keyed', 2);
    const writes: [string, string, unknown][] = [
      ['PUT', '/v1/collections/keyed/vectors', { vectors: [{ id: 'b', values: [3, 4] }] }],
      ['POST', '/v1/collections/keyed/vectors/delete', { ids: ['a'] }],
      ['POST', '/v1/collections', { name: 'other', dimension: 2, metric: 'l2', shards: 1, replicas: 1, index: { type: 'flat' } }],
      ['DELETE', '/v1/collections/keyed', undefined],
      ['POST', '/v1/collections/keyed/train', {}],
    ];
    for (const [method, path, body] of writes) {
      const reply = await h.call(method, path, body, undefined, asReader);
      expect([method, path, reply.status, reply.body.error.code]).toEqual([method, path, 403, ApiErrorCode.Forbidden]);
    }
    expect(await h.writeState('keyed', 2)).toBe(before);
    expect((await h.call('GET', '/v1/collections/other')).status).toBe(404);
  });

  it('leaves probes and metrics open', async () => {
    for (const path of ['/health/live', '/metrics', '/dashboard']) expect((await fetch(`${h.coordinator.url}${path}`)).status).toBe(200);
  });

  it('serves Swagger UI and the OpenAPI document at /docs without a key', async () => {
    const page = await fetch(`${h.coordinator.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    for (const [, asset] of html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)) expect([asset, (await fetch(`${h.coordinator.url}${asset}`)).status]).toEqual([asset, 200]);
    const doc = (await (await fetch(`${h.coordinator.url}/docs/openapi.json`)).json()) as { openapi: string; info: { version: string }; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/collections', '/v1/collections/{name}/search', '/v1/jobs/{id}']));
    for (const path of ['/docs/package.json', '/docs/..%2Fapp.module.ts', '/docs/swagger-ui-bundle.js.map']) expect((await fetch(`${h.coordinator.url}${path}`)).status).toBe(404);
  });

  it('carries the client request id to the shards and echoes it', async () => {
    const before = [h.shardA.searches.length, h.shardB.searches.length];
    const reply = await h.call('POST', '/v1/collections/keyed/search', { queries: [[1, 2]], k: 1 }, undefined, { 'x-request-id': 'trace-abc-1' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-request-id')).toBe('trace-abc-1');
    const sent = [...h.shardA.searches.slice(before[0]), ...h.shardB.searches.slice(before[1])];
    expect(sent.map((s) => s.requestId)).toEqual(['trace-abc-1', 'trace-abc-1']);
  });
});
