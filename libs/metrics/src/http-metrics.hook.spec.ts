import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { HTTP_DURATION_BUCKETS, registerHttpMetrics, UNMATCHED_ROUTE } from './http-metrics.hook';
import { parsePrometheusText } from './prometheus-text.parser';

describe('registerHttpMetrics', () => {
  let fastify: FastifyInstance;
  let registry: Registry;

  beforeEach(async () => {
    fastify = Fastify();
    registry = new Registry();
    registerHttpMetrics(fastify, registry);
    fastify.get('/v1/collections/:name/vectors/:id', async () => ({ ok: true }));
    fastify.post('/v1/collections/:name/search', async (_request, reply) => reply.code(503).send({ down: true }));
    await fastify.ready();
  });

  afterEach(() => fastify.close());

  const samples = async () => parsePrometheusText(await registry.metrics());

  it('labels requests by route template, never by the URL with its ids', async () => {
    await fastify.inject({ method: 'GET', url: '/v1/collections/docs/vectors/a%2Fb' });
    await fastify.inject({ method: 'GET', url: '/v1/collections/docs/vectors/other' });
    await fastify.inject({ method: 'POST', url: '/v1/collections/docs/search' });
    await fastify.inject({ method: 'GET', url: '/nothing/here/42' });
    const counts = (await samples()).filter((s) => s.name === 'shoal_http_requests_total');
    expect(counts).toEqual(
      expect.arrayContaining([
        { name: 'shoal_http_requests_total', labels: { method: 'GET', route: '/v1/collections/:name/vectors/:id', status: '200' }, value: 2 },
        { name: 'shoal_http_requests_total', labels: { method: 'POST', route: '/v1/collections/:name/search', status: '503' }, value: 1 },
        { name: 'shoal_http_requests_total', labels: { method: 'GET', route: UNMATCHED_ROUTE, status: '404' }, value: 1 },
      ]),
    );
    expect(counts).toHaveLength(3);
  });

  it('records durations in a histogram with every bucket and +Inf', async () => {
    await fastify.inject({ method: 'GET', url: '/v1/collections/docs/vectors/x' });
    const buckets = (await samples()).filter((s) => s.name === 'shoal_http_request_duration_seconds_bucket');
    expect(buckets.map((s) => s.labels.le)).toEqual([...HTTP_DURATION_BUCKETS.map(String), '+Inf']);
    expect(buckets.every((s) => s.labels.route === '/v1/collections/:name/vectors/:id' && s.labels.method === 'GET')).toBe(true);
    expect(buckets.at(-1)?.value).toBe(1);
    const count = (await samples()).find((s) => s.name === 'shoal_http_request_duration_seconds_count');
    expect(count?.value).toBe(1);
  });
});
