/** One indicator of a terminus health body: `up` or `down`, with what the check reported. */
export interface HealthIndicator {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

/** `GET /health/ready` (terminus): `details` holds every indicator (redis, objectStore, shards…). */
export interface HealthReport {
  /** True for a 200, false for the 503 of a cluster that is not ready. */
  ready: boolean;
  status: 'ok' | 'error' | 'shutting_down';
  details: Record<string, HealthIndicator>;
}
