import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, createLogDestination, requestIdMixin } from '@shoal/config';
import { CoordinatorConfig } from './common/coordinator.config';
import { startCoordinator } from './coordinator.app';

/** Entry point: validate the environment, boot, print the URL, and shut down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config: CoordinatorConfig;
  try {
    config = CoordinatorConfig.fromEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel, base: { service: 'coordinator', id: config.coordinatorId }, mixin: requestIdMixin }, createLogDestination().stream);
  const running = await startCoordinator(config, logger);
  logger.info({ url: running.url, storage: config.storage.kind }, `coordinator listening at ${running.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'coordinator shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`coordinator failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
