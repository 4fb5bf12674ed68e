import type { PartitionStatus } from '@shoal/contracts';

/** A partition placed on this worker, with the last sequence number allocated in its shard's log. */
export interface PlacedPartition {
  /** `collection/shard`. */
  key: string;
  allocatedSeq: number;
}

/** Why a placed partition cannot serve yet. */
export interface UnreadyPartition {
  partition: string;
  reason: string;
}

/**
 * The placed partitions that are not ready: not hosted (not opened yet, or its recovery failed and
 * waits for a retry), still recovering, or more than `maxLag` segments behind the log. A lag within
 * the allowance is normal: segments are applied a moment after they are written.
 */
export function unreadyPartitions(placed: readonly PlacedPartition[], hosted: ReadonlyMap<string, PartitionStatus>, maxLag: number): UnreadyPartition[] {
  const unready: UnreadyPartition[] = [];
  for (const { key, allocatedSeq } of placed) {
    const status = hosted.get(key);
    if (status === undefined) unready.push({ partition: key, reason: 'not hosted' });
    else if (status.state !== 'active') unready.push({ partition: key, reason: status.state });
    else if (status.appliedSeq < allocatedSeq - maxLag) unready.push({ partition: key, reason: `applied seq ${status.appliedSeq} lags the log (seq ${allocatedSeq}) by more than ${maxLag}` });
  }
  return unready;
}
