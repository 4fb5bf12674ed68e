export { createMetricsRegistry } from './metrics-registry.factory';
export type { MetricsIdentity } from './metrics-registry.factory';
export { HTTP_DURATION_BUCKETS, registerHttpMetrics, UNMATCHED_ROUTE } from './http-metrics.hook';
export { MetricsController } from './metrics.controller';
export { metricsText } from './metrics-text';
export type { MetricsText } from './metrics-text';
export { parsePrometheusText } from './prometheus-text.parser';
export type { PrometheusSample } from './prometheus-text.parser';
// The apps build their own families through this lib, so prom-client is imported in one place.
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export { RollingLatencyWindow, type LatencyBucket, type LatencySummary, type RollingLatencyWindowOptions } from './rolling-latency-window';
