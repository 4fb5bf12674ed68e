import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Seconds; from a cached 1 ms answer to a search that ran into its 2 s deadline and beyond. */
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route label of a request no route matched (404s, bad URLs): one series for all of them. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Records `shoal_http_requests_total{method,route,status}` and
 * `shoal_http_request_duration_seconds{method,route}` for every request Fastify answers. The route
 * label is the route template (`/v1/collections/:name/search`), never the URL: ids in paths would
 * make one series per vector. Call before the app listens (Fastify refuses hooks once ready).
 */
export function registerHttpMetrics(fastify: FastifyInstance, registry: Registry): void {
  const requests = new Counter({
    name: 'shoal_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'shoal_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its response, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  // onResponse only: Fastify's own clock (reply.elapsedTime) starts when the request arrives, so no onRequest timer is needed.
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
