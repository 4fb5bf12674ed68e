import type { HealthCheckResult } from '@nestjs/terminus';
import type { DashboardHealth } from '@shoal/contracts';

/**
 * The dashboard's health section from terminus's readiness body: ready exactly when
 * GET /health/ready answers 200, and each indicator with the message of the ones down.
 */
export function toHealthSummary(result: HealthCheckResult): DashboardHealth {
  const indicators = Object.entries(result.details).map(([name, detail]) => {
    const up = detail.status === 'up';
    const message: unknown = detail.message;
    return up || typeof message !== 'string' ? { name, up } : { name, up, message };
  });
  return { ready: result.status === 'ok', indicators };
}
