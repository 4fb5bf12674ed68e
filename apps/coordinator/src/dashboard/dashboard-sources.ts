import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { JobQueues } from '@shoal/jobs';
import { CoordinatorConfig } from '../common/coordinator.config';
import { HealthController } from '../health/health.controller';
import { InfoService } from '../info/info.service';

/** The AppModule singletons the dashboard reads. */
export interface Sources {
  config: CoordinatorConfig;
  repo: ClusterStateRepository;
  jobs: JobQueues;
  info: InfoService;
  /** Its `ready` is exactly GET /health/ready: the page shows the same verdict as the probe. */
  health: HealthController;
}

/**
 * The coordinator's own instances, looked up once every provider exists (`onModuleInit`). AppModule
 * imports DashboardModule but exports nothing (it is the root, built per config by `register`), so
 * constructor injection cannot reach its providers; a lookup by class keeps one instance of each
 * (one Redis connection, one job-queue client) instead of building second ones here. A missing
 * provider fails the coordinator's start-up.
 */
@Injectable()
export class DashboardSources implements OnModuleInit {
  private resolved?: Sources;

  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    const anywhere = { strict: false } as const;
    this.resolved = {
      config: this.moduleRef.get<CoordinatorConfig>(CoordinatorConfig, anywhere),
      repo: this.moduleRef.get<ClusterStateRepository>(ClusterStateRepository, anywhere),
      jobs: this.moduleRef.get<JobQueues>(JobQueues, anywhere),
      info: this.moduleRef.get<InfoService>(InfoService, anywhere),
      health: this.moduleRef.get<HealthController>(HealthController, anywhere),
    };
  }

  get(): Sources {
    if (this.resolved === undefined) throw new Error('DashboardSources read before the module was initialised');
    return this.resolved;
  }
}
