import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ExactFlatIndex } from '@shoal/engine';
import { registerHttpMetrics, Registry } from '@shoal/metrics';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config/worker.config';
import { PinoNestLogger, registerRequestContext } from '@shoal/config';
import { WorkerModule } from './worker.module';

/** Creates the worker (queues are consumed from bootstrap on), binds its health endpoint, logs one "ready" line. */
export async function startWorkerApp(config: WorkerConfig, baseLogger: Logger): Promise<{ app: NestFastifyApplication; url: string }> {
  const logger = baseLogger.child({ workerId: config.workerId });
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config, logger), new FastifyAdapter(), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  registerRequestContext(app.getHttpAdapter().getInstance(), logger);
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Registry));
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  logger.info(
    {
      url,
      backend: config.backend,
      // Truth in labelling: a mock worker imports, but cannot train an ANN index.
      backendSummary: config.backend === 'mock' ? `mock: ${ExactFlatIndex.SUMMARY}; training jobs fail` : 'faiss (trains and builds IVF-PQ)',
      storage: config.storage.kind,
    },
    'index worker ready',
  );
  return { app, url };
}
