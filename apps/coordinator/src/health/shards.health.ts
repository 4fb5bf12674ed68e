import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { MembershipService } from '../cluster/membership.service';
import { ReplicaView } from '../cluster/replica-view';
import { NotReadyError, probe } from '@shoal/health';
import { uncoveredShards } from './uncovered-shards.util';

/**
 * `shards`: every shard of every collection has a live, active replica. Built from a fresh read of
 * the heartbeats, not the routing view (refreshed on a timer, and kept as it was while Redis fails).
 */
@Injectable()
export class ShardsHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(MembershipService) private readonly membership: MembershipService,
  ) {}

  check(key = 'shards') {
    return probe(this.indicators.check(key), async () => {
      const [manifests, members] = await Promise.all([this.repo.listCollections(), this.membership.liveShardMembers()]);
      const uncovered = uncoveredShards(manifests, ReplicaView.fromMembers(members));
      if (uncovered.length > 0) throw new NotReadyError(`${uncovered.length} shards have no live active replica`, { uncovered });
      return { collections: manifests.length };
    });
  }
}
