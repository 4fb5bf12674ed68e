import { DashboardOverviewSchema, RequestValidator, type DashboardOverview } from '@shoal/contracts';
import { waitFor } from '@shoal/testing';
import { CoordinatorHarness } from '../testing/coordinator.harness';

const overviewShape = new RequestValidator<DashboardOverview>(DashboardOverviewSchema);

describe('coordinator dashboard (real Redis, filesystem store, fake shard workers)', () => {
  let h: CoordinatorHarness;

  beforeAll(async () => {
    h = await CoordinatorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** GET /v1/dashboard until `until` holds (answers are reused for up to a second), heartbeating the fakes `alive`. */
  async function overviewWhen(until: (o: DashboardOverview) => boolean, description: string, alive = [h.shardA, h.shardB]): Promise<DashboardOverview> {
    let overview: DashboardOverview | undefined;
    await waitFor(
      async () => {
        await Promise.all(alive.map((fake) => fake.heartbeat()));
        const reply = await h.call<unknown>('GET', '/v1/dashboard');
        expect(reply.status).toBe(200);
        expect(reply.headers.get('cache-control')).toBe('no-store');
        overview = overviewShape.parse(reply.body);
        return until(overview);
      },
      { description, timeoutMs: 10_000, intervalMs: 100 },
    );
    return overview as DashboardOverview;
  }

  it('answers the documented shape with the topology, health, counted searches, queues and info', async () => {
    expect((await h.create('docs')).status).toBe(201);
    const placement = (await h.repo.getCollection('docs'))?.placement ?? [];
    for (const fake of [h.shardA, h.shardB]) fake.host('docs', placement.flatMap((workers, s) => (workers.includes(fake.id) ? [s] : [])));
    const vectors = Array.from({ length: 40 }, (_, i) => ({ id: `v${i}`, values: [i, -i] }));
    expect((await h.call('PUT', '/v1/collections/docs/vectors', { vectors })).status).toBe(200);
    await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
    await h.untilSearchable('docs');

    const before = (await overviewWhen(() => true, 'a first overview')).traffic;
    // Wait out the reuse window so the next overview is built after these searches.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const searched = before.buckets.reduce((n, b) => n + b.count, 0);
    for (let i = 0; i < 25; i++) expect((await h.call('POST', '/v1/collections/docs/search', { queries: [[i, -i]], k: 3 })).status).toBe(200);
    // Other routes are not search traffic, and neither are searches refused before any shard is asked.
    await h.call('GET', '/v1/collections/docs');
    expect((await h.call('POST', '/v1/collections/nope/search', { queries: [[0, 0]], k: 1 })).status).toBe(404);
    expect((await h.call('POST', '/v1/collections/docs/search', { queries: [[0, 0]], k: 0 })).status).toBe(400);

    const o = await overviewWhen((x) => x.topology?.collections[0]?.vectors === 40, 'every vector reported');
    expect(o.coordinatorId).toBe('coordinator-e2e');
    const docs = o.topology?.collections[0];
    expect(docs).toMatchObject({ name: 'docs', vectors: 40, replicationFactor: 1, state: 'exact', backends: ['exact_mock'] });
    expect(docs?.shards.map((s) => s.shard)).toEqual([0, 1]);
    expect(docs?.shards.reduce((n, s) => n + s.vectors, 0)).toBe(40);
    for (const shard of docs?.shards ?? []) {
      expect(shard.covered).toBe(true);
      expect(shard.replicas).toEqual([
        expect.objectContaining({ workerId: placement[shard.shard][0], state: 'active', placed: true, lag: 0, backend: 'exact_mock', url: expect.stringMatching(/^http:\/\//) }),
      ]);
      expect(shard.headSeq).toBeGreaterThan(0);
    }
    expect(o.topology?.members.map((m) => `${m.role}:${m.id}`)).toEqual(['coordinator:coordinator-e2e', 'shard:shard-a', 'shard:shard-b']);

    const counted = o.traffic.buckets.reduce((n, b) => n + b.count, 0);
    expect(counted - searched).toBe(25);
    expect(o.traffic).toMatchObject({ route: '/v1/collections/:name/search', bucketSeconds: 10, windowSeconds: 900, relativeError: 0.01 });
    expect(o.traffic.buckets).toHaveLength(90);
    expect(o.traffic.buckets.at(-1)?.partial).toBe(true);
    expect(o.traffic.lastMinute.count).toBeGreaterThanOrEqual(25);
    expect(o.traffic.lastMinute.p99Ms).toBeGreaterThan(0);

    expect(o.health.indicators.map((i) => i.name)).toEqual(['redis', 'objectStore', 'shards']);
    expect(o.health.ready).toBe(true);
    expect(o.queues?.map((q) => q.queue).sort()).toEqual(['shoal-import', 'shoal-index']);
    expect(o.recentJobs).toEqual([]);
    expect(o.info?.collections.map((c) => c.name)).toEqual(['docs']);
    expect(o.errors).toEqual([]);
  });

  it('reports a placed replica whose worker stopped reporting it as missing, and readiness down', async () => {
    await h.shardB.leave();
    const o = await overviewWhen((x) => x.health.ready === false, 'shard-b gone', [h.shardA]);
    const replicas = o.topology?.collections[0]?.shards.flatMap((s) => s.replicas) ?? [];
    expect(replicas.filter((r) => r.workerId === 'shard-b').every((r) => r.state === 'missing' && r.vectors === null && r.url === null)).toBe(true);
    expect(o.health.indicators.find((i) => i.name === 'shards')).toMatchObject({ up: false, message: expect.stringContaining('no live active replica') });
    await h.shardB.heartbeat();
  });

  describe('static files', () => {
    it('serves the page and its allow-listed files with their content types and revalidation headers', async () => {
      const page = await fetch(`${h.coordinator.url}/dashboard`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<script type="module" src="/dashboard/main.js"></script>');
      for (const [file, type] of [
        ['main.js', 'text/javascript; charset=utf-8'],
        ['dashboard.css', 'text/css; charset=utf-8'],
        ['favicon.svg', 'image/svg+xml'],
      ]) {
        const response = await fetch(`${h.coordinator.url}/dashboard/${file}`);
        expect([file, response.status, response.headers.get('content-type'), response.headers.get('x-content-type-options')]).toEqual([file, 200, type, 'nosniff']);
        const etag = response.headers.get('etag') as string;
        expect((await fetch(`${h.coordinator.url}/dashboard/${file}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
      }
      const slash = await fetch(`${h.coordinator.url}/dashboard/`, { redirect: 'manual' });
      expect([slash.status, slash.headers.get('location')]).toEqual([301, '/dashboard']);
    });

    it('serves nothing outside the allow-list', async () => {
      for (const path of ['/dashboard/dashboard.module.ts', '/dashboard/..%2Fdashboard.module.ts', '/dashboard/%2e%2e%2f%2e%2e%2fapp.module.ts', '/dashboard/assets', '/dashboard/constructor', '/dashboard/index.html/x']) {
        const response = await fetch(`${h.coordinator.url}${path}`);
        expect([path, response.status]).toEqual([path, 404]);
      }
    });
  });
});

describe('coordinator dashboard with API keys configured', () => {
  const READ_KEY = 'dashboard-read-only-key-0123';
  let h: CoordinatorHarness;

  beforeAll(async () => {
    h = await CoordinatorHarness.start({ SHOAL_READ_ONLY_API_KEYS: READ_KEY });
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('serves the page without a key, and its data only with one', async () => {
    for (const file of ['', '/main.js', '/dashboard.css']) expect([file, (await fetch(`${h.coordinator.url}/dashboard${file}`)).status]).toEqual([file, 200]);
    const refused = await h.call('GET', '/v1/dashboard');
    expect([refused.status, refused.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="shoal"']);
    const answered = await h.call<unknown>('GET', '/v1/dashboard', undefined, undefined, { authorization: `Bearer ${READ_KEY}` });
    expect(answered.status).toBe(200);
    expect(overviewShape.parse(answered.body).coordinatorId).toBe('coordinator-e2e');
  });

  it('does not count searches refused for want of a key', async () => {
    expect((await h.call('POST', '/v1/collections/docs/search', { queries: [[0, 0]], k: 1 })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { body } = await h.call<DashboardOverview>('GET', '/v1/dashboard', undefined, undefined, { authorization: `Bearer ${READ_KEY}` });
    expect(body.traffic.buckets.reduce((n, b) => n + b.count, 0)).toBe(0);
  });
});
