import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiError, LIMITS } from '@shoal/contracts';
import type { FastifyServerOptions } from 'fastify';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import { MembershipService } from './cluster/membership.service';
import { ApiErrorFilter } from './common/api-error.filter';
import type { CoordinatorConfig } from './common/coordinator.config';
import { PinoNestLogger, registerRequestContext } from '@shoal/config';
import { registerApiKeyAuth } from './auth/api-key.hook';
import { ApiKeys } from './auth/api-keys';
import { registerHttpMetrics, Registry } from '@shoal/metrics';

/**
 * Longest path parameter Fastify routes. Vector ids are up to 512 UTF-16 units, each up to 9
 * characters once percent-encoded (a 4-byte UTF-8 character spans two units), so allow 4 KiB+.
 */
const MAX_PARAM_LENGTH = 8192;

/**
 * A badly percent-encoded URL fails in Fastify's router, before Nest and its filter: same format
 * here. Written on the raw response because Fastify's reply is typed per route schema.
 */
const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, _request, reply) => {
  const body = ApiError.invalid('url', `is not valid: ${error.message}`).toBody();
  reply.raw.writeHead(400, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
};

export interface RunningCoordinator {
  app: NestFastifyApplication;
  /** Where the public API listens, e.g. http://127.0.0.1:7700. */
  url: string;
  /** Stops accepting requests, finishes the ones in flight, leaves the cluster and closes connections. */
  close(): Promise<void>;
}

/** Boots the coordinator on Fastify and starts listening; used by main.ts and the e2e tests. */
export async function startCoordinator(config: CoordinatorConfig, logger: Pino): Promise<RunningCoordinator> {
  const adapter = new FastifyAdapter({
    bodyLimit: LIMITS.maxBodyBytes,
    requestTimeout: config.requestTimeoutMs,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.useGlobalFilters(new ApiErrorFilter(app.get(HttpAdapterHost)));
  const fastify = adapter.getInstance();
  // Order matters: the request id first, so a refused key is logged and answered with its id.
  registerRequestContext(fastify, logger);
  const apiKeys = new ApiKeys(config.apiKeys, config.readOnlyApiKeys);
  registerApiKeyAuth(fastify, apiKeys);
  if (!apiKeys.enabled) {
    logger.warn('no API keys configured (SHOAL_API_KEYS, SHOAL_READ_ONLY_API_KEYS): the public API answers anyone who can reach it');
  }
  registerHttpMetrics(fastify, app.get(Registry));
  // Time spent inside the coordinator (W3C Server-Timing): clients and benchmarks can tell it from the network.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(3)}`);
    return payload;
  });
  await app.listen({ host: config.host, port: config.port });
  const url = await app.getUrl();
  await app.get(MembershipService).announce(url);
  return { app, url, close: () => app.close() };
}
