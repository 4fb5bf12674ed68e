import { Controller, Get } from '@nestjs/common';

/** Liveness only: the process answers HTTP. Readiness (Redis, store, queues) arrives with terminus. */
@Controller('health')
export class HealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
