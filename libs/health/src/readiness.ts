import { ServiceUnavailableException, type InjectionToken, type Provider } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction, type HealthIndicatorResult } from '@nestjs/terminus';
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

/** An app's own readiness indicator (a provider with a `check`). */
export interface AppIndicator {
  check(): Promise<HealthIndicatorResult>;
}

/**
 * The {@link Readiness} provider of an app: `redis` and `objectStore` name the app's providers to
 * ping (anything with `ping()`), `indicator` its own rule. Register it beside TerminusModule.
 */
export function readinessProvider(tokens: { redis: InjectionToken; objectStore: InjectionToken; indicator: InjectionToken }): Provider {
  return {
    provide: Readiness,
    useFactory: (health: HealthCheckService, indicators: HealthIndicatorService, redis: SharedDependencies['redis'], objectStore: SharedDependencies['objectStore'], indicator: AppIndicator) =>
      new Readiness(health, indicators, { redis, objectStore }, [() => indicator.check()]),
    inject: [HealthCheckService, HealthIndicatorService, tokens.redis, tokens.objectStore, tokens.indicator],
  };
}
