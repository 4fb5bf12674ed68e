import { Get, Res } from '@nestjs/common';
import type { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { pingIndicator, runHealthCheck, type HealthReply } from './health-check.runner';

/** What every app's readiness needs besides its own rule. */
export interface SharedDependencies {
  redis: { ping(): Promise<unknown> };
  objectStore: { ping(): Promise<unknown> };
}

/**
 * `GET live` and `GET ready` for an app's `@Controller('health')` subclass: liveness consults
 * nothing outside the process (an outage must never restart it); readiness checks `redis`,
 * `objectStore`, then the app's own indicators, answering terminus's body with 503 when one is down.
 */
export abstract class HealthEndpoints {
  protected constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shared: SharedDependencies,
  ) {}

  /** The app's own readiness rule (partitions loaded, shard coverage, queue consumers). */
  protected abstract appChecks(): HealthIndicatorFunction[];

  @Get('live')
  live(@Res({ passthrough: true }) reply: HealthReply): Promise<HealthCheckResult> {
    return runHealthCheck(this.health, [], reply);
  }

  @Get('ready')
  ready(@Res({ passthrough: true }) reply: HealthReply): Promise<HealthCheckResult> {
    const { redis, objectStore } = this.shared;
    return runHealthCheck(
      this.health,
      [() => pingIndicator(this.indicators, 'redis', () => redis.ping()), () => pingIndicator(this.indicators, 'objectStore', () => objectStore.ping()), ...this.appChecks()],
      reply,
    );
  }
}
