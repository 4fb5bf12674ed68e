import { Inject, Injectable } from '@nestjs/common';
import { ClusterStateRepository } from '@shoal/cluster-state';
import type { DashboardHealth, DashboardOverview } from '@shoal/contracts';
import { PROBE_TIMEOUT_MS, Readiness } from '@shoal/health';
import { JobQueues } from '@shoal/jobs';
import { CoordinatorConfig } from '../common/coordinator.config';
import { InfoService } from '../info/info.service';
import { toHealthSummary } from './health-summary.mapper';
import { SearchTrafficRecorder } from './search-traffic.recorder';
import { toTopology, type Topology } from './topology.mapper';

/** Jobs listed under "recent jobs". */
const RECENT_JOBS = 12;

/**
 * An overview this young is answered again instead of rebuilt: however many pages are open, the
 * cluster is read at most once a second (the job list scans every kept job).
 */
const REUSE_MS = 1000;

type SectionError = DashboardOverview['errors'][number];

/** Builds `GET /v1/dashboard`: each section read concurrently, each with its own deadline. */
@Injectable()
export class DashboardService {
  private last?: { at: number; overview: Promise<DashboardOverview> };

  constructor(
    @Inject(CoordinatorConfig) private readonly config: CoordinatorConfig,
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(JobQueues) private readonly jobs: JobQueues,
    @Inject(InfoService) private readonly info: InfoService,
    /** The same instance `/health/ready` answers: the page shows the probe's verdict. */
    @Inject(Readiness) private readonly readiness: Readiness,
    @Inject(SearchTrafficRecorder) private readonly traffic: SearchTrafficRecorder,
  ) {}

  overview(): Promise<DashboardOverview> {
    const now = performance.now();
    if (this.last === undefined || now - this.last.at >= REUSE_MS) this.last = { at: now, overview: this.build() };
    return this.last.overview;
  }

  private async build(): Promise<DashboardOverview> {
    const errors: SectionError[] = [];
    const section = <T>(name: SectionError['section'], read: () => Promise<T>): Promise<T | null> =>
      withDeadline(read(), `${name}: no answer within ${PROBE_TIMEOUT_MS} ms`).catch((error: unknown) => {
        errors.push({ section: name, message: error instanceof Error ? error.message : String(error) });
        return null;
      });
    const [health, topology, counts, recentJobs, info] = await Promise.all([
      this.health(),
      section('topology', () => this.topology()),
      section('queues', () => this.jobs.counts()),
      section('jobs', () => this.jobs.list({ limit: RECENT_JOBS })),
      section('info', () => this.info.info()),
    ]);
    return {
      generatedAt: new Date().toISOString(),
      coordinatorId: this.config.coordinatorId,
      health,
      topology,
      traffic: this.traffic.snapshot(),
      queues: counts === null ? null : Object.entries(counts).map(([queue, states]) => ({ queue, ...states })),
      recentJobs: recentJobs === null ? null : recentJobs.map(({ result: _result, ...job }) => job),
      info,
      errors: errors.sort((a, b) => a.section.localeCompare(b.section)),
    };
  }

  /** The readiness check itself (its probes carry their own deadlines). */
  private async health(): Promise<DashboardHealth> {
    try {
      return toHealthSummary((await this.readiness.ready()).result);
    } catch (error) {
      return { ready: false, indicators: [{ name: 'health', up: false, message: error instanceof Error ? error.message : String(error) }] };
    }
  }

  private async topology(): Promise<Topology> {
    const { repo } = this;
    const [manifests, members] = await Promise.all([repo.listCollections(), repo.liveMembers()]);
    const heads = await Promise.all(manifests.map((m) => Promise.all(Array.from({ length: m.shards }, (_, s) => repo.currentSeq(m.name, s)))));
    return toTopology({ manifests, members, heads });
  }
}

/** `promise`, or a rejection with `message` once PROBE_TIMEOUT_MS passed (Redis clients retry for longer). */
async function withDeadline<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
