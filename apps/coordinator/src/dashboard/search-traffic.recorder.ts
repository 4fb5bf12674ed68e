import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { DashboardTraffic } from '@shoal/contracts';
import { RollingLatencyWindow } from '@shoal/metrics';
import type { FastifyInstance } from 'fastify';

/** The route template whose traffic the dashboard charts (Fastify's `routeOptions.url`). */
export const SEARCH_ROUTE = '/v1/collections/:name/search';

/**
 * Searches the coordinator ran: answered (2xx) or failed on its side (5xx: no live replica, a shard
 * error). Client errors are not counted: a 400 (invalid body), 401/403 (refused key) or 404 (no such
 * collection) is answered before any shard is asked, and its sub-millisecond latency would drag p50
 * down without saying anything about search.
 */
function isSearchAnswer(status: number): boolean {
  return status < 400 || status >= 500;
}

/** Buckets merged into `lastMinute`: 6 of 10 s. */
const LAST_MINUTE_BUCKETS = 6;

/**
 * Searches run by this coordinator over the last 15 minutes, in 10 s buckets with p50/p99
 * within 1 %. Fed by a Fastify `onResponse` hook added in `onModuleInit`, which Nest runs before
 * the app listens (Fastify refuses hooks once ready). Latency is Fastify's `reply.elapsedTime`:
 * from the request's arrival to the response sent, as the `shoal_http_request_duration_seconds`
 * histogram measures it.
 */
@Injectable()
export class SearchTrafficRecorder implements OnModuleInit {
  private readonly logger = new Logger('SearchTrafficRecorder');
  readonly window = new RollingLatencyWindow({ bucketMs: 10_000, windowMs: 15 * 60_000, relativeError: 0.01 });

  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.host.httpAdapter;
    // An application context without HTTP (scripts, some tests) answers no searches to count.
    if (adapter === undefined) {
      this.logger.warn('no HTTP adapter: search traffic is not recorded');
      return;
    }
    adapter.getInstance<FastifyInstance>().addHook('onResponse', async (request, reply) => {
      if (request.method === 'POST' && request.routeOptions.url === SEARCH_ROUTE && isSearchAnswer(reply.statusCode)) {
        this.window.record(reply.elapsedTime, reply.statusCode >= 500);
      }
    });
  }

  snapshot(): DashboardTraffic {
    const { window } = this;
    return {
      route: SEARCH_ROUTE,
      bucketSeconds: window.bucketMs / 1000,
      windowSeconds: window.windowMs / 1000,
      relativeError: window.bins.relativeError,
      buckets: window.series(),
      lastMinute: window.summary(LAST_MINUTE_BUCKETS),
    };
  }
}
