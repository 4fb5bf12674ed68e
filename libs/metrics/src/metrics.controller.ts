import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { metricsText } from './metrics-text';

/**
 * `GET /metrics` in the Prometheus text format, for every app: each app provides its `Registry`
 * (createMetricsRegistry) and lists this controller. Unauthenticated like `/health/live`: scrapers
 * run inside the cluster network, and no series carries user data.
 */
@Controller()
export class MetricsController {
  constructor(@Inject(Registry) private readonly registry: Registry) {}

  @Get('metrics')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await metricsText(this.registry);
    reply.header('content-type', contentType);
    return body;
  }
}
