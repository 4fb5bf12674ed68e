import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger as Pino } from 'pino';

/** The header that carries a request's id from a client to the coordinator and on to the shards. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id may look like: it lands in log lines and response headers, so no spaces,
 * quotes or control characters, and bounded. A batched shard RPC carries several ids joined by ','.
 */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:+,-]{1,256}$/;

/** Ids joined into one batched RPC's header at most; the rest are counted (`+N`). */
const MAX_JOINED_IDS = 8;

interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the request whose handling is running now, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * pino's `mixin` option: every line logged while a request is handled names it (`reqId`), whoever
 * logs it (Nest's Logger through PinoNestLogger, or pino directly). Pass it to each app's root logger.
 */
export function requestIdMixin(): { reqId?: string } {
  const requestId = currentRequestId();
  return requestId === undefined ? {} : { reqId: requestId };
}

/** An incoming id if it is safe to log and echo, else undefined. */
function acceptRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : undefined;
}

/** One header value naming every request a batched RPC serves (`a,b,c,+5` beyond {@link MAX_JOINED_IDS}). */
export function joinRequestIds(requestIds: readonly (string | undefined)[]): string | undefined {
  const unique = [...new Set(requestIds.filter((id): id is string => id !== undefined))];
  if (unique.length === 0) return undefined;
  const shown = unique.slice(0, MAX_JOINED_IDS);
  if (unique.length > MAX_JOINED_IDS) shown.push(`+${unique.length - MAX_JOINED_IDS}`);
  // Each id is ≤ 256 characters; the join is cut to the pattern's bound rather than dropped.
  return shown.join(',').slice(0, 256).replace(/,$/, '');
}

/** Settings of {@link registerRequestContext}. */
export interface RequestContextOptions {
  /**
   * Level of the one access-log line of a request that succeeded (status < 400). Failures log at
   * warn (4xx at info: a client's mistake is not the server's warning). Shards pass 'debug': a
   * search RPC a millisecond is noise at info, and the coordinator already logs the request.
   * @defaultValue 'info'
   */
  successLevel?: 'info' | 'debug';
  /** Route templates whose successful requests log at debug (probes and scrapes). @defaultValue health and metrics */
  quietRoutes?: readonly string[];
}

const DEFAULT_QUIET_ROUTES = ['/health/live', '/health/ready', '/metrics'];

/**
 * Gives every request an id (a valid incoming `x-request-id`, else a UUID), echoes it in the
 * response, runs the handler inside an async context so every log line written while handling it
 * can carry `reqId` ({@link requestIdMixin}), and writes one access-log line when it is answered.
 * Call before the app listens.
 */
export function registerRequestContext(fastify: FastifyInstance, logger: Pino, options: RequestContextOptions = {}): void {
  const successLevel = options.successLevel ?? 'info';
  const quiet = new Set(options.quietRoutes ?? DEFAULT_QUIET_ROUTES);
  fastify.addHook('onRequest', (request, reply, done) => {
    const requestId = acceptRequestId(request.headers[REQUEST_ID_HEADER]) ?? randomUUID();
    reply.header(REQUEST_ID_HEADER, requestId);
    storage.run({ requestId }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const route = request.routeOptions.url;
    const level = status >= 500 ? 'warn' : status >= 400 ? 'info' : route !== undefined && quiet.has(route) ? 'debug' : successLevel;
    if (logger.isLevelEnabled(level)) {
      logger[level](
        { method: request.method, route: route ?? null, url: request.url.slice(0, 512), status, ms: Number(reply.elapsedTime.toFixed(3)) },
        'request completed',
      );
    }
    done();
  });
}
