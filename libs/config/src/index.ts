export { LOG_LEVELS, readLogLevel, readRedis, readStorage } from './common-settings';
export type { LogLevel } from './common-settings';
export { ConfigError } from './config.error';
export { EnvReader } from './env-reader';
export { createLogDestination } from './log-destination';
export type { LogDestination, LogDestinationOptions } from './log-destination';
export { PinoNestLogger } from './pino-nest.logger';
export { currentRequestId, joinRequestIds, registerRequestContext, requestIdMixin, REQUEST_ID_HEADER } from './request-context';
export type { RequestContextOptions } from './request-context';
