import { collectDefaultMetrics, Registry } from 'prom-client';

/** Who exports the metrics; both become default labels of every series. */
export interface MetricsIdentity {
  /** The app: `coordinator`, `shard` or `worker`. */
  app: string;
  /** This process among the app's replicas (its member id), so series of two pods never merge. */
  instance: string;
}

/**
 * A registry per process (never prom-client's global one): tests run several apps in one Node
 * process, and each must export only its own series. Node's default metrics (event loop lag, heap,
 * GC, CPU) are collected into it.
 */
export function createMetricsRegistry(identity: MetricsIdentity): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app: identity.app, instance: identity.instance });
  collectDefaultMetrics({ register: registry });
  return registry;
}
