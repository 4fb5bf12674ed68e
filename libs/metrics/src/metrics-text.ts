import type { Registry } from 'prom-client';

/** The body and content type of a `GET /metrics` answer (Prometheus text exposition format). */
export interface MetricsText {
  contentType: string;
  body: string;
}

/** Collects every metric of `registry` now (scrape-time gauges refresh here). */
export async function metricsText(registry: Registry): Promise<MetricsText> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
