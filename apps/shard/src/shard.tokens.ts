/*
 * Injection tokens for values that are not classes. Classes (services, ClusterStateRepository,
 * ShardLogReader, SnapshotStore) are their own tokens, always named in `@Inject(Class)`: the
 * workspace does not rely on emitDecoratorMetadata, which esbuild (tsx) does not emit.
 */
/** The validated {@link ShardConfig}. */
export const SHARD_CONFIG = Symbol('SHARD_CONFIG');
/** The process's pino logger. */
export const SHARD_LOGGER = Symbol('SHARD_LOGGER');
/** The ObjectStore (an interface, so it needs a token). */
export const OBJECT_STORE = Symbol('OBJECT_STORE');
