import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { probe } from './health-probe.util';

/** The part of Fastify's reply a health controller uses. */
export interface HealthReply {
  status(code: number): unknown;
}

/**
 * Runs terminus's check and answers its body (`{status, info, error, details}`) itself, with 503
 * when an indicator is down: thrown, the app's error filter would rewrite it into the API format.
 */
export async function runHealthCheck(health: HealthCheckService, indicators: HealthIndicatorFunction[], reply: HealthReply): Promise<HealthCheckResult> {
  try {
    return await health.check(indicators);
  } catch (error) {
    if (!(error instanceof ServiceUnavailableException)) throw error;
    reply.status(503);
    return error.getResponse() as HealthCheckResult;
  }
}

/** An indicator that is up when `ping` resolves in time (Redis PING, the object store's ping). */
export function pingIndicator(indicators: HealthIndicatorService, key: string, ping: () => Promise<unknown>): Promise<HealthIndicatorResult> {
  return probe(indicators.check(key), async () => {
    await ping();
    return {};
  });
}
