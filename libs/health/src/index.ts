export { pingIndicator, runHealthCheck } from './health-check.runner';
export type { HealthReply } from './health-check.runner';
export { NotReadyError, probe, PROBE_TIMEOUT_MS } from './health-probe.util';
export { HealthEndpoints } from './health-endpoints';
export type { SharedDependencies } from './health-endpoints';
