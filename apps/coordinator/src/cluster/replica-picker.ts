import { ClusterError, ClusterErrorCode, type ReplicaSelector } from '@shoal/cluster';
import type { ReplicaPicker } from '../search/search-fanout';

/**
 * How long a replica that failed a request is avoided. Long enough that a dead worker is skipped
 * until its lease (5 s) expires and it leaves the view; a cooling replica is still used when it is
 * the only one left, so a lone replica that failed once is not refused.
 */
export const REPLICA_COOLDOWN_MS = 5000;

/**
 * A {@link ReplicaPicker} over the process-wide selector: `slotOf` maps a collection's shard to the
 * selector's shard key, so in-flight counts and cool-downs of a worker hold across collections.
 */
export function selectorPicker(selector: ReplicaSelector, slotOf: (shard: number) => number | undefined, now: () => number = Date.now): ReplicaPicker {
  return {
    acquire(shard, exclude) {
      const slot = slotOf(shard);
      if (slot === undefined) return undefined;
      try {
        return selector.acquire(slot, exclude);
      } catch (error) {
        if (error instanceof ClusterError && error.code === ClusterErrorCode.NoLiveReplica) return undefined;
        throw error;
      }
    },
    remaining(shard, exclude) {
      const slot = slotOf(shard);
      return slot === undefined ? 0 : selector.candidates(slot, exclude).length;
    },
    markFailed: (replica) => selector.markFailed(replica, now() + REPLICA_COOLDOWN_MS),
    markHealthy: (replica) => selector.markHealthy(replica),
  };
}
