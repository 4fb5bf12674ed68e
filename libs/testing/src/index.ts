/*
 * Test-only helpers: real servers for integration tests (never mocks of Redis or S3) and small
 * utilities. Import from *.spec.ts files and test/ only, never from production code.
 */
export { freePort } from '@shoal/process-utils';
export { startRedisServer } from './redis-server.harness';
export type { RedisServerOptions, RunningRedisServer } from './redis-server.harness';
export { startS3rver } from './s3rver.harness';
export type { RunningS3rver } from './s3rver.harness';
export { tempDir } from './temp-dir';
export { waitFor } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { thrownBy } from './thrown-by';
