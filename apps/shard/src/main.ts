import pino from 'pino';
import { pickFreePort } from './config/pick-free-port';
import { ConfigError, createLogDestination, requestIdMixin } from '@shoal/config';
import { resolveShardConfig, type ShardConfig } from './config/shard.config';
import { startShardApp } from './shard.app';

/** Longest a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const boot = pino({ name: 'shard' });
  let config: ShardConfig;
  try {
    config = await resolveShardConfig(process.env, pickFreePort);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    boot.fatal({ problems: error.problems }, error.message);
    process.exit(1);
  }
  const logger = pino({ name: 'shard', level: config.logLevel, base: { pid: process.pid }, mixin: requestIdMixin }, createLogDestination().stream);
  if (!config.workerIdFromEnv) {
    logger.warn({ workerId: config.workerId }, 'SHOAL_WORKER_ID is unset: the derived id changes with host name or port, and a new id loses this worker its placement');
  }
  const app = await startShardApp(config, logger);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: leaving the cluster, closing partitions');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  pino({ name: 'shard' }).fatal({ err: error }, 'shard worker failed to start');
  process.exit(1);
});
