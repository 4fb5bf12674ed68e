export { ClusterError, ClusterErrorCode } from './cluster.error';
export type { ClusterErrorDetails } from './cluster.error';
export {
  CONSISTENCY_TOKEN_VERSION,
  decodeConsistencyToken,
  encodeConsistencyToken,
  MAX_TOKEN_CHARS,
  mergeTokens,
  requiredSeq,
} from './consistency-token';
export type { ConsistencyToken } from './consistency-token';
export { murmur3_32 } from './hash.util';
export { compareHits, mergeBatches, mergeTopK } from './merge-top-k.util';
export type { Hit } from './merge-top-k.util';
export { diffPlacement, PLACEMENT_SEED, placementKey, placeReplicas, rankWorkers } from './placement.util';
export type { PlacementChange, PlacementRequest } from './placement.util';
export { ReplicaSelector } from './replica-selector';
export type { ReplicaInfo, ReplicaLease, ReplicaSelectorOptions } from './replica-selector';
export { ReplicaState, servesReads, WriteAck } from './replica-state';
export { gatherByPosition, MAX_SHARDS, ROUTING_SEED, shardOf, splitByShard } from './shard-routing.util';
export type { PositionedResults, ShardSlice } from './shard-routing.util';
export { deleteBatchesByShard, upsertBatchesByShard } from './log-batches.util';
export type { RoutedRecord, ShardBatch } from './log-batches.util';
