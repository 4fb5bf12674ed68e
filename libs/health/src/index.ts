export { pingIndicator } from './health-check.runner';
export type { HealthReply } from './health-check.runner';
export { NotReadyError, probe, PROBE_TIMEOUT_MS } from './health-probe.util';
export { HealthController } from './health.controller';
export { Readiness, readinessProvider } from './readiness';
export type { AppIndicator, ReadinessVerdict, SharedDependencies } from './readiness';
