import { Inject, Injectable } from '@nestjs/common';
import type { ClusterInfo } from '@shoal/contracts';
import { MembershipService } from '../cluster/membership.service';
import { CollectionsService } from '../collections/collections.service';
import { toClusterInfo } from './cluster-info.mapper';
import { packageVersion } from './package-version';

const VERSION = packageVersion();

/** `GET /v1/info` from the manifests and fresh heartbeats (a stale view would mislabel a swapped backend). */
@Injectable()
export class InfoService {
  private readonly startedAt = performance.now();

  constructor(
    @Inject(CollectionsService) private readonly collections: CollectionsService,
    @Inject(MembershipService) private readonly membership: MembershipService,
  ) {}

  async info(): Promise<ClusterInfo> {
    const [collections, members] = await Promise.all([this.collections.list(), this.membership.liveShardMembers()]);
    const uptimeSeconds = Math.round((performance.now() - this.startedAt) / 10) / 100;
    return toClusterInfo({ version: VERSION, uptimeSeconds, collections, members });
  }
}
