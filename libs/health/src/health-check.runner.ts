import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { probe } from './health-probe.util';

/** The part of Fastify's reply a health controller uses. */
export interface HealthReply {
  status(code: number): unknown;
}

/** An indicator that is up when `ping` resolves in time (Redis PING, the object store's ping). */
export function pingIndicator(indicators: HealthIndicatorService, key: string, ping: () => Promise<unknown>): Promise<HealthIndicatorResult> {
  return probe(indicators.check(key), async () => {
    await ping();
    return {};
  });
}
