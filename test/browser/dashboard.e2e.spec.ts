/**
 * The ops dashboard in a real browser against a real cluster: coordinator, two shard workers and
 * an index worker as processes, on a private redis-server and s3rver (mock backend, nothing else
 * mocked). Saves a screenshot to tmp/dashboard.png for humans to look at.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { API_ROUTES, DashboardOverviewSchema, RequestValidator, type DashboardOverview } from '@shoal/contracts';
import { gaussianMixture } from '@shoal/datasets';
import type { Browser, Page } from 'playwright-core';
import { startE2eCluster, type E2eCluster } from '../e2e/e2e-cluster';
import { launchChromium } from './chromium';

jest.setTimeout(60_000);

const SCREENSHOT = join(__dirname, '..', '..', 'tmp', 'dashboard.png');
const COLLECTION = 'products';
const d = 16;
const n = 400;
const data = gaussianMixture({ n, d, clusters: 4, seed: 11 });
const row = (i: number) => Array.from(data.data.subarray(i * d, (i + 1) * d));
const overviewShape = new RequestValidator<DashboardOverview>(DashboardOverviewSchema);

let e2e: E2eCluster;
let browser: Browser;

beforeAll(async () => {
  [e2e, browser] = await Promise.all([startE2eCluster({ name: 'dashboard', shards: 2, backend: 'mock' }), launchChromium()]);
  await e2e.api.createCollection({ name: COLLECTION, dimension: d, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' } });
  for (let from = 0; from < n; from += 100) {
    await e2e.api.upsert(COLLECTION, Array.from({ length: 100 }, (_, j) => ({ id: `p${from + j}`, values: row(from + j) })));
  }
  for (let q = 0; q < 60; q++) await e2e.api.search(COLLECTION, { queries: [row(q)], k: 5 });
});

afterAll(async () => {
  await browser?.close();
  await e2e?.stop();
});

/** GET /v1/dashboard until every vector is reported (heartbeats carry the counts). */
async function settledOverview(): Promise<DashboardOverview> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { status, body } = await e2e.api.raw('GET', '/v1/dashboard');
    expect(status).toBe(200);
    const overview = overviewShape.parse(body);
    if (overview.topology?.collections[0]?.vectors === n || Date.now() > deadline) return overview;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('GET /v1/dashboard on a live cluster', () => {
  it('matches the contract and the public API', async () => {
    const overview = await settledOverview();
    const api = await e2e.api.collection(COLLECTION);
    const collection = overview.topology?.collections.find((c) => c.name === COLLECTION);
    expect(collection).toMatchObject({ vectors: api.vectors, generation: api.generation, state: api.state, backends: ['exact_mock'] });
    expect(api.vectors).toBe(n);
    const manifest = await e2e.state.getCollection(COLLECTION);
    expect(collection?.shards.map((s) => s.replicas.map((r) => [r.workerId, r.state]))).toEqual(manifest?.placement.map((workers) => workers.map((w) => [w, 'active'])));
    expect(overview.traffic.buckets.reduce((sum, b) => sum + b.count, 0)).toBeGreaterThanOrEqual(60);
    expect(overview.health.ready).toBe(true);
    expect(overview.info?.backends).toEqual({ exact_mock: 2 });
    expect(overview.topology?.members.filter((m) => m.role !== 'worker').map((m) => m.role).sort()).toEqual(['coordinator', 'shard', 'shard']);
  });
});

describe('the /dashboard page in headless Chromium', () => {
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  });

  it("shows the live cluster's numbers: collection, vectors, shards, replicas, search traffic, queues", async () => {
    const api = await e2e.api.collection(COLLECTION);
    const manifest = await e2e.state.getCollection(COLLECTION);
    const workers = [...new Set(manifest?.placement.flat())].sort();
    expect((await page.goto(`${e2e.cluster.url}/dashboard`))?.status()).toBe(200);

    const card = page.locator(`[data-testid="collection"][data-collection="${COLLECTION}"]`);
    await card.waitFor({ timeout: 10_000 });
    await expectText(page, card.getByTestId('collection-vectors'), api.vectors.toLocaleString('en-US'));
    await expectText(page, card.getByTestId('collection-shards'), '2 shards');
    expect(await card.getByTestId('shard-row').count()).toBe(2);
    const shown = await card.getByTestId('replica').evaluateAll((els) => els.map((el) => el.getAttribute('data-worker')));
    expect([...new Set(shown)].sort()).toEqual(workers);
    // The mock backend is labelled for what it is.
    await expectText(page, card.locator('[data-backend="exact_mock"]').first(), 'exact brute force (mock)');

    // The searches made a point on the chart and a non-zero rate and latency.
    expect(await page.locator('#traffic svg circle.qps-dot').count()).toBeGreaterThan(0);
    expect(Number((await page.getByTestId('qps-minute').textContent()) ?? '0')).toBeGreaterThan(0);
    expect(await page.getByTestId('tile-latency').locator('.tile-value').textContent()).toMatch(/^\d[\d.,]* \/ \d[\d.,]*$/);

    await page.getByTestId('queue-table').waitFor();
    expect(await page.getByTestId('queue-table').locator('tbody tr').allTextContents()).toEqual([expect.stringMatching(/^shoal-index/), expect.stringMatching(/^shoal-import/)]);
    await expectText(page, page.getByTestId('health-pill'), 'ready');

    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(30_000);
    expect(problems).toEqual([]);
  });
});

describe('the /dashboard page when the coordinator requires an API key', () => {
  it('asks for a key on a 401, keeps it in localStorage and sends it as a bearer token', async () => {
    // Stands in for the API-key guard: /v1/dashboard answers 401 unless the right key is sent.
    const context = await browser.newContext();
    const seen: (string | undefined)[] = [];
    await context.route('**/v1/dashboard', async (route) => {
      const authorization = route.request().headers()['authorization'];
      seen.push(authorization);
      if (authorization === 'Bearer test-key-1') return route.continue();
      return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'an API key is required' } }) });
    });
    try {
      const page = await context.newPage();
      await page.goto(`${e2e.cluster.url}/dashboard`);
      await page.locator('#key-dialog').waitFor({ state: 'visible', timeout: 5_000 });
      await page.fill('#key-input', 'test-key-1');
      await page.click('#key-form button[type="submit"]');
      await page.locator(`[data-collection="${COLLECTION}"]`).waitFor({ timeout: 5_000 });
      // A string expression: the test's tsconfig has no DOM types.
      expect(await page.evaluate('localStorage.getItem("shoal.apiKey")')).toBe('test-key-1');
      expect(seen[0]).toBeUndefined();
      expect(seen.at(-1)).toBe('Bearer test-key-1');
      expect(await page.locator('#forget-key').isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  });
});

/** Waits (the page refreshes every 3 s) until the locator's text is exactly `text`. */
async function expectText(page: Page, locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout: 5_000 }))?.trim() ?? null;
    if (last === text) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`expected text ${JSON.stringify(text)}, last saw ${JSON.stringify(last)}`);
}

describe('the API docs in Chromium', () => {
  it('renders Swagger UI with every documented operation, from the served OpenAPI document', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(`${e2e.cluster.url}/docs`);
      const operations = Object.keys(API_ROUTES).length;
      // A string: evaluated in the page, where `document` exists (this project compiles without DOM types).
      await page.waitForFunction(`document.querySelectorAll('.opblock').length >= ${operations}`, undefined, { timeout: 20_000 });
      expect(await page.locator('.opblock').count()).toBe(operations);
      expect(await page.locator('.opblock-summary-path', { hasText: '/v1/collections/{name}/search' }).count()).toBe(1);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(__dirname, '..', '..', 'tmp', 'docs.png') });
    } finally {
      await page.close();
    }
  });
});
