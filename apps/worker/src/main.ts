import { ConfigError, createLogDestination, requestIdMixin } from '@shoal/config';
import pino from 'pino';
import { parseWorkerConfig, type WorkerConfig } from './config/worker.config';
import { startWorkerApp } from './worker.app';

/** Longest a graceful shutdown (active jobs stop, BullMQ re-queues them) may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  let config: WorkerConfig;
  try {
    config = parseWorkerConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    pino({ name: 'worker' }).fatal({ problems: error.problems }, error.message);
    process.exit(1);
  }
  const logger = pino({ name: 'worker', level: config.logLevel, base: { pid: process.pid }, mixin: requestIdMixin }, createLogDestination().stream);
  const { app } = await startWorkerApp(config, logger);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: stopping job consumers');
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

main().catch((error: unknown) => {
  pino({ name: 'worker' }).fatal({ err: error }, 'index worker failed to start');
  process.exit(1);
});
