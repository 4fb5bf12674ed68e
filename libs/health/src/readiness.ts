import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { pingIndicator } from './health-check.runner';

/** What every app's readiness needs besides its own rule. */
export interface SharedDependencies {
  redis: { ping(): Promise<unknown> };
  objectStore: { ping(): Promise<unknown> };
}

/** terminus's body (`{status, info, error, details}`) and whether every indicator is up. */
export interface ReadinessVerdict {
  ready: boolean;
  result: HealthCheckResult;
}

/**
 * An app's readiness rule, as one provider: Redis and the object store answer, then the app's own
 * indicators (partitions loaded, shard coverage, queue consumers). `GET /health/ready` answers it,
 * and anything else that shows readiness (the coordinator's dashboard) asks the same instance, so
 * both always give the same verdict.
 */
export class Readiness {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shared: SharedDependencies,
    private readonly appChecks: readonly HealthIndicatorFunction[],
  ) {}

  /** Liveness: nothing outside the process is consulted (an outage must never restart it). */
  live(): Promise<ReadinessVerdict> {
    return this.run([]);
  }

  ready(): Promise<ReadinessVerdict> {
    const { redis, objectStore } = this.shared;
    return this.run([
      () => pingIndicator(this.indicators, 'redis', () => redis.ping()),
      () => pingIndicator(this.indicators, 'objectStore', () => objectStore.ping()),
      ...this.appChecks,
    ]);
  }

  /** terminus throws its body (as a 503 exception) when an indicator is down: caught and returned here. */
  private async run(checks: HealthIndicatorFunction[]): Promise<ReadinessVerdict> {
    try {
      return { ready: true, result: await this.health.check(checks) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      return { ready: false, result: error.getResponse() as HealthCheckResult };
    }
  }
}
