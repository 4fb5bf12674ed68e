/*
 * Process utilities shared by runtime code (libs/local-cluster) and the test harnesses
 * (libs/testing): free ports and a Redis readiness probe. Node built-ins only.
 */
export { freePort } from './free-port';
export { answersRedisPing, waitUntilRedisAnswers } from './redis-ping';
export type { RedisWaitOutcome, WaitUntilRedisAnswersOptions } from './redis-ping';
