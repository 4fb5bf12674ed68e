import { request as httpRequest } from 'node:http';
import { API_ROUTES, ApiErrorCode, type ApiRoute } from '@shoal/contracts';
import { createRng } from '@shoal/datasets';
import Ajv, { type ValidateFunction } from 'ajv';
import { CoordinatorHarness } from './testing/coordinator.harness';

/**
 * Fuzz-style robustness of every public route (libs/contracts API_ROUTES): malformed JSON, wrong
 * content types, wrong types in every field, huge numbers, deep nesting, prototype keys, oversized
 * payloads, bad path and query parameters, and seeded random JSON. Every answer must be a 4xx in
 * the error format (never a 5xx), the process must keep serving, and nothing may change.
 */


function randomJson(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 4 ? 6 : 8));
  switch (pick) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 4097, 1001][Math.floor(random() * 8)];
    case 3: return ['', 'x', 'a'.repeat(600), '../..', '\u0000', 'é'][Math.floor(random() * 6)];
    case 4: return Math.floor(random() * 20);
    case 5: return 'points';
    case 6: return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
    default: {
      const keys = ['vectors', 'ids', 'queries', 'k', 'name', 'dimension', 'values', 'id', 'index', 'source', 'sampleSize', 'metadata', 'zzz'];
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [keys[Math.floor(random() * keys.length)], randomJson(random, depth + 1)]));
    }
  }
}

/** A valid body per body route, against the 'points' collection (2-d). */
const VALID: Partial<Record<keyof typeof API_ROUTES, Record<string, unknown>>> = {
  createCollection: { name: 'fuzzed', dimension: 2, metric: 'l2', shards: 1, replicas: 1, index: { type: 'flat' } },
  upsertVectors: { vectors: [{ id: 'v', values: [1, 2], metadata: { a: 1 } }] },
  deleteVectors: { ids: ['p1'] },
  search: { queries: [[1, 2]], k: 3 },
  train: { sampleSize: 1000 },
  startImport: { source: { key: 'x.fvecs', format: 'fvecs' } },
};

/** Every path to a leaf or container of a JSON value: ['vectors', 0, 'values', 1]… */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

function withValueAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

const WRONG_VALUES: unknown[] = [null, true, 'text', 1.5, -1, 0, 1e308, -1e308, [], {}, [[[]]], 'x'.repeat(70_000)];

describe('public API under malformed input (real Redis, fs store)', () => {
  let h: CoordinatorHarness;
  let before: string;
  const ajv = new Ajv({ strict: false });
  const validators = new Map<string, ValidateFunction>();

  const routes = Object.entries(API_ROUTES) as [keyof typeof API_ROUTES, ApiRoute][];
  const urlOf = (route: ApiRoute) => route.path.replace(':name', 'points').replace(':id', 'p1');
  const bodyRoutes = routes.filter(([, route]) => route.body !== undefined);

  /** Schema-valid by the very schema the server validates with (the body may still fail semantic checks). */
  const schemaValid = (route: ApiRoute, body: unknown): boolean => {
    let validate = validators.get(route.path);
    if (validate === undefined) validators.set(route.path, (validate = ajv.compile(JSON.parse(JSON.stringify(route.body)))));
    return validate(body);
  };

  async function expectRefused(method: string, url: string, rawBody: string | undefined, contentType = 'application/json', what = ''): Promise<number> {
    const response = await fetch(`${h.coordinator.url}${url}`, {
      method,
      headers: rawBody === undefined ? {} : { 'content-type': contentType },
      body: rawBody,
    });
    const text = await response.text();
    const label = `${method} ${url} ${what}`.slice(0, 200);
    expect([label, response.status >= 400 && response.status < 500]).toEqual([label, true]);
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    expect([label, typeof body.error?.code, (body.error?.message ?? '').length > 0]).toEqual([label, 'string', true]);
    return response.status;
  }

  beforeAll(async () => {
    h = await CoordinatorHarness.start();
    expect((await h.create('points')).status).toBe(201);
    await h.hostAsPlaced('points');
    expect((await h.call('PUT', '/v1/collections/points/vectors', { vectors: [{ id: 'p1', values: [1, 2], metadata: { n: 1 } }] })).status).toBe(200);
    await h.untilSearchable('points');
    before = await snapshot();
  });

  afterAll(async () => {
    // Nothing anywhere changed, and the process still serves.
    expect(await snapshot()).toBe(before);
    expect((await h.call('GET', '/health/live')).status).toBe(200);
    await h?.stop();
  });

  /** Any method with any body (fetch refuses a body on GET), through node:http; resolves the status. */
  function rawStatus(method: string, path: string, body: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${h.coordinator.url}${path}`, { method, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async function snapshot(): Promise<string> {
    const collections = await h.call<{ collections: { name: string; vectors: number }[] }>('GET', '/v1/collections');
    const vector = await h.call('GET', '/v1/collections/points/vectors/p1');
    const jobs = await h.call('GET', '/v1/jobs');
    return JSON.stringify({ state: await h.writeState('points', 2), collections: collections.body, vector: vector.body, jobs: jobs.body });
  }

  it.each(bodyRoutes.map(([id, route]) => [id, route] as const))('%s: malformed JSON, wrong content types and prototype keys', async (_id, route) => {
    const url = urlOf(route);
    const malformed = ['{', '{"a":}', '[1,2', 'nul', '{}x', '\uFEFF{}', '{"k": NaN}', '{"k": Infinity}', '"\\uZZZZ"', '{"a":1,}', '\u0000', '{"__proto__": {"polluted": 1}}', '{"constructor": {"prototype": {"polluted": 1}}}'];
    for (const raw of malformed) await expectRefused(route.method, url, raw, 'application/json', raw);
    await expectRefused(route.method, url, JSON.stringify(VALID[_id]), 'text/plain', 'text/plain');
    await expectRefused(route.method, url, 'a=1&b=2', 'application/x-www-form-urlencoded', 'form');
    await expectRefused(route.method, url, Buffer.from([0xff, 0xfe, 0xfd]).toString('latin1'), 'application/json', 'not utf-8');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(bodyRoutes.map(([id, route]) => [id, route] as const))('%s: every field with every wrong type, huge numbers included', async (id, route) => {
    const valid = VALID[id];
    expect(valid).toBeDefined();
    let sent = 0;
    for (const path of pathsOf(valid)) {
      for (const wrong of WRONG_VALUES) {
        const body = withValueAt(valid, path, wrong);
        if (schemaValid(route, body)) continue; // a legal value for that field: not this test's business
        await expectRefused(route.method, urlOf(route), JSON.stringify(body), 'application/json', `${path.join('.')}=${JSON.stringify(wrong).slice(0, 30)}`);
        sent++;
      }
      // Numbers past float64 parse to Infinity; the server must refuse them, not store them.
      const raw = JSON.stringify(withValueAt(valid, path, 123456789)).replace('123456789', '1e400');
      if (!schemaValid(route, JSON.parse(raw))) {
        await expectRefused(route.method, urlOf(route), raw, 'application/json', `${path.join('.')}=1e400`);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(5);
  });

  it('refuses deep nesting anywhere, metadata included', async () => {
    const depth = 100_000;
    const deepArray = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deepObject = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    await expectRefused('POST', '/v1/collections/points/search', `{"queries":${deepArray},"k":1}`, 'application/json', 'deep queries');
    await expectRefused('PUT', '/v1/collections/points/vectors', `{"vectors":[{"id":"deep","values":[1,2],"metadata":${deepObject}}]}`, 'application/json', 'deep metadata');
    await expectRefused('POST', '/v1/collections', `{"name":"deep","index":${deepObject}}`, 'application/json', 'deep index');
  });

  it('refuses oversized payloads and batches', async () => {
    expect((await h.sendOversized('PUT', '/v1/collections/points/vectors', 65 * 1024 * 1024)).status).toBe(413);
    const tooMany = { vectors: Array.from({ length: 1001 }, (_, i) => ({ id: `b${i}`, values: [1, 2] })) };
    await expectRefused('PUT', '/v1/collections/points/vectors', JSON.stringify(tooMany), 'application/json', '1001 vectors');
    const queries = { queries: Array.from({ length: 101 }, () => [1, 2]), k: 1 };
    await expectRefused('POST', '/v1/collections/points/search', JSON.stringify(queries), 'application/json', '101 queries');
  });

  it('refuses bad path and query parameters', async () => {
    const urls = [
      `/v1/collections/${'n'.repeat(5000)}`,
      '/v1/collections/UPPER',
      '/v1/collections/a%00b',
      '/v1/collections/%E0%A4%A',
      `/v1/collections/points/vectors/${'i'.repeat(600)}`,
      '/v1/jobs?limit=1e309',
      '/v1/jobs?limit=-1',
      '/v1/jobs?limit=1&limit=2',
      '/v1/jobs?collection=../../etc',
      '/v1/jobs?other=1',
      '/v1/jobs/%ZZ',
    ];
    for (const url of urls) await expectRefused('GET', url, undefined);
    for (const url of ['/v1/collections/UPPER/search', `/v1/collections/${'n'.repeat(70)}/vectors`]) {
      await expectRefused(url.endsWith('search') ? 'POST' : 'PUT', url, JSON.stringify(VALID.search), 'application/json');
    }
  });

  it('refuses 400 random JSON bodies (seeded) on every body route', async () => {
    const rng = createRng(20261125);
    const random = () => rng.next();
    for (let i = 0; i < 400; i++) {
      const [id, route] = bodyRoutes[i % bodyRoutes.length];
      const body = randomJson(random);
      if (schemaValid(route, body)) continue;
      await expectRefused(route.method, urlOf(route), JSON.stringify(body), 'application/json', `${id} seed-step ${i}`);
    }
  });

  it('never answers 5xx on any route to a junk body and junk query parameters', async () => {
    for (const [id, route] of routes) {
      for (const raw of ['{', '{"__proto__": {"x": 1}}', 'x'.repeat(10_000)]) {
        const status = await rawStatus(route.method, `${urlOf(route)}?junk=%ZZ&k=1e999&limit[]=1`, raw);
        expect([id, raw.slice(0, 12), status < 500]).toEqual([id, raw.slice(0, 12), true]);
      }
    }
  });

  it('answers an unknown route in the error format, and a wrong method too', async () => {
    expect(await expectRefused('GET', '/v1/nope', undefined)).toBe(404);
    expect(await expectRefused('PATCH', '/v1/collections/points', '{}')).toBe(404);
    const reply = await h.call('GET', '/v1/nope');
    expect(reply.body.error.code).toBe(ApiErrorCode.NotFound);
  });
});
