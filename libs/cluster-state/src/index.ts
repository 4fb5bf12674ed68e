export type { ClusterEvent } from './cluster-event';
export type { ClusterEventErrorHandler } from './cluster-event.subscription';
export { ClusterStateError, ClusterStateErrorCode } from './cluster-state.error';
export type { ClusterStateOptions } from './cluster-state.options';
export { ClusterStateRepository } from './cluster-state.repository';
export type { CollectionManifest } from './collection-manifest';
export type { ClusterMember, MemberPartition } from './member';
export { redactRedisUrl } from './redis-connection';
