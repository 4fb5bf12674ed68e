/*
 * Injection tokens for values that are not classes; classes (services, ClusterStateRepository,
 * GenerationStore…) are their own tokens, always named in `@Inject(Class)` (tsx/esbuild emits no
 * decorator metadata).
 */
/** The validated {@link WorkerConfig}. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
/** The process's pino logger. */
export const WORKER_LOGGER = Symbol('WORKER_LOGGER');
/** The cluster's ObjectStore (an interface, so it needs a token). */
export const OBJECT_STORE = Symbol('OBJECT_STORE');
