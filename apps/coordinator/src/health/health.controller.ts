import { Controller, Get } from '@nestjs/common';

/** Liveness only: the process serves HTTP. Readiness (Redis, store, shard coverage) comes with terminus. */
@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
