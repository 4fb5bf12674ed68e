export { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from './client.options';
export type { CallOptions, RetryEvent, RetryOptions, ShoalClientOptions } from './client.options';
export type { HealthIndicator, HealthReport } from './health-report';
export type { HttpMethod, HttpResponse } from './http-transport';
export { DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS } from './job-waiter';
export type { WaitForJobOptions, WaitOptions } from './job-waiter';
export { ShoalClient } from './shoal-client';
export { ClientErrorCode, ShoalApiError, ShoalConnectionError, ShoalError, ShoalWaitTimeoutError } from './shoal.error';
export type { SearchInput, VectorInput } from './vector-input';
