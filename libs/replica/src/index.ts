export { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from './replica-checkpoint.file';
export type { ReplicaCheckpoint } from './replica-checkpoint.file';
export { recoverReplica } from './replica-recovery';
export type { PlacedCollection, RecoveredReplica, RecoveryInput, SnapshotSource } from './replica-recovery';
export { applySegment, isRefusedSegmentError, MalformedSegmentError, planSegment } from './segment-apply.util';
export type { OpRun } from './segment-apply.util';
