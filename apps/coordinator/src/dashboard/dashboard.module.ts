import { Module } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets';
import { DashboardAssetsController } from './dashboard-assets.controller';
import { DashboardSlashRedirect } from './dashboard-slash.redirect';
import { DashboardSources } from './dashboard-sources';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { SearchTrafficRecorder } from './search-traffic.recorder';

/** The ops page at /dashboard (public static files) and the JSON it polls, GET /v1/dashboard. */
@Module({
  controllers: [DashboardAssetsController, DashboardController],
  providers: [{ provide: DashboardAssets, useFactory: () => new DashboardAssets() }, DashboardSources, SearchTrafficRecorder, DashboardService, DashboardSlashRedirect],
})
export class DashboardModule {}
