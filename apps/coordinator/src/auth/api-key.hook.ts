import { ApiError, ApiErrorCode } from '@shoal/contracts';
import type { FastifyInstance } from 'fastify';
import { requiredAccess } from './access-policy';
import type { ApiKeys, Authentication } from './api-keys';

/**
 * Checks the API key of every request in Fastify's `onRequest`, before its body is read: an
 * unauthenticated client cannot make the server parse 64 MiB of JSON. 401 without a valid key
 * (with `WWW-Authenticate: Bearer`), 403 when a read-only key asks to write. No-op when no key is
 * configured. Register after the request context, so refusals carry their request id.
 */
export function registerApiKeyAuth(fastify: FastifyInstance, keys: ApiKeys): void {
  if (!keys.enabled) return;
  fastify.addHook('onRequest', async (request, reply) => {
    const needed = requiredAccess(request.method, request.routeOptions.url, request.url);
    if (needed === 'public') return;
    const auth = keys.authenticate(request.headers.authorization);
    const refusal = refusalFor(auth, needed);
    if (refusal === undefined) return;
    if (refusal.code === ApiErrorCode.Unauthorized) reply.header('www-authenticate', 'Bearer realm="shoal"');
    // The body was never read: close the connection rather than keep reading (or waiting for) it.
    if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined) reply.header('connection', 'close');
    return reply.code(refusal.status).send(refusal.toBody());
  });
}

function refusalFor(auth: Authentication, needed: 'read' | 'write'): ApiError | undefined {
  switch (auth.kind) {
    case 'missing':
      return new ApiError(ApiErrorCode.Unauthorized, 'an API key is required: send "Authorization: Bearer <key>"', { header: 'authorization' });
    case 'malformed':
      return new ApiError(ApiErrorCode.Unauthorized, 'the Authorization header must be "Bearer <key>"', { header: 'authorization' });
    case 'unknown':
      return new ApiError(ApiErrorCode.Unauthorized, 'the API key is not valid', { header: 'authorization' });
    case 'valid':
      return needed === 'write' && auth.access === 'read'
        ? new ApiError(ApiErrorCode.Forbidden, 'this API key is read-only: it may read and search, not change data', { access: 'read', required: 'write' })
        : undefined;
  }
}
