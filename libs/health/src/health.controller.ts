import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { HealthReply } from './health-check.runner';
import { Readiness, type ReadinessVerdict } from './readiness';

/**
 * `GET /health/live` and `GET /health/ready` for every app; each app provides its {@link Readiness}.
 * Answers terminus's body itself, with 503 when an indicator is down: thrown, the app's error
 * filter would rewrite it into the API error format.
 */
@Controller('health')
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  @Get('live')
  async live(@Res({ passthrough: true }) reply: HealthReply): Promise<HealthCheckResult> {
    return answer(await this.readiness.live(), reply);
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: HealthReply): Promise<HealthCheckResult> {
    return answer(await this.readiness.ready(), reply);
  }
}

function answer({ ready, result }: ReadinessVerdict, reply: HealthReply): HealthCheckResult {
  if (!ready) reply.status(503);
  return result;
}
