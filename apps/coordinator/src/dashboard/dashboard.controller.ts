import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { DashboardOverview } from '@shoal/contracts';
import { DashboardService } from './dashboard.service';

/** `GET /v1/dashboard`: what the ops page shows. Not public: with API keys configured it needs one. */
@Controller('v1/dashboard')
export class DashboardController {
  constructor(@Inject(DashboardService) private readonly dashboard: DashboardService) {}

  @Get()
  @Header('cache-control', 'no-store')
  overview(): Promise<DashboardOverview> {
    return this.dashboard.overview();
  }
}
