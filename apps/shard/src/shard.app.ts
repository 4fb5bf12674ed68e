import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LIMITS, LOG_SEGMENT_CONTENT_TYPE, SHARD_SEARCH_CONTENT_TYPE } from '@shoal/contracts';
import { ExactFlatIndex } from '@shoal/engine';
import { distanceKernels } from '@shoal/faiss-native';
import { registerHttpMetrics, Registry } from '@shoal/metrics';
import type { Logger } from 'pino';
import type { ShardConfig } from './config/shard.config';
import { PinoNestLogger, registerRequestContext } from '@shoal/config';
import { MembershipService } from './membership/membership.service';
import { ShardModule } from './shard.module';

/**
 * Builds the worker's Nest application on Fastify, with the binary frame content types parsed as
 * raw Buffers. Connecting to Redis and the object store happens here, so a bad endpoint fails now.
 */
export async function createShardApp(config: ShardConfig, logger: Logger): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ShardModule.forRoot(config, logger),
    new FastifyAdapter({ bodyLimit: LIMITS.maxBodyBytes }),
    // abortOnError: false makes a failed start-up throw (and be logged) instead of aborting the process.
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  app.useBodyParser([SHARD_SEARCH_CONTENT_TYPE, LOG_SEGMENT_CONTENT_TYPE], { bodyLimit: LIMITS.maxBodyBytes });
  // A coordinator's x-request-id becomes this worker's reqId; a successful RPC logs at debug only.
  registerRequestContext(app.getHttpAdapter().getInstance(), logger, { successLevel: 'debug' });
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Registry));
  return app;
}

/** Creates the worker (placement starts with it), binds it, joins the cluster, then logs one "ready" line. */
export async function startShardApp(config: ShardConfig, baseLogger: Logger): Promise<NestFastifyApplication> {
  // Every line this worker logs names it.
  const logger = baseLogger.child({ workerId: config.workerId });
  const app = await createShardApp(config, logger);
  await app.listen(config.port, config.host);
  await app.get(MembershipService).start();
  logger.info(
    {
      url: config.advertiseUrl,
      listen: `${config.host}:${config.port}`,
      backend: config.backend,
      // Truth in labelling: the mock is not an ANN index and says so at start-up.
      backendSummary: config.backend === 'mock' ? `mock: ${ExactFlatIndex.SUMMARY}` : `faiss (index per collection spec; ${distanceKernels()} distance kernels)`,
      storage: config.storage.kind,
      dataDir: config.dataDir,
    },
    'shard worker ready',
  );
  return app;
}
