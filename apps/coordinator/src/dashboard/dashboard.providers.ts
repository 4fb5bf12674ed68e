import type { Provider, Type } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets';
import { DashboardAssetsController } from './dashboard-assets.controller';
import { DashboardSlashRedirect } from './dashboard-slash.redirect';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { SearchTrafficRecorder } from './search-traffic.recorder';

/**
 * The ops page at /dashboard (public static files) and the JSON it polls, GET /v1/dashboard. Part of
 * AppModule itself, so DashboardService is injected the coordinator's own config, cluster-state
 * repository, job queues, info service and readiness (one Redis connection, one queue client).
 */
export const dashboardControllers: Type[] = [DashboardAssetsController, DashboardController];

export const dashboardProviders: Provider[] = [
  { provide: DashboardAssets, useFactory: () => new DashboardAssets() },
  SearchTrafficRecorder,
  DashboardService,
  DashboardSlashRedirect,
];
