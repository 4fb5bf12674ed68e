import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiError, ApiErrorCode } from '@shoal/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DashboardAssets } from './dashboard-assets';

/**
 * Only the page's own files, the JSON it reads from /v1/dashboard and the key the user types:
 * no inline script or style, no other origin (the machine may be offline, and must not leak).
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The ops page's static files, public by path (auth/access-policy.ts; the API key is asked for by the page and sent with its
 * JSON requests, which stay protected). Files are revalidated on every load (`no-cache` + ETag):
 * their names carry no version, and a coordinator upgrade must never leave an old script cached.
 */
@Controller('dashboard')
export class DashboardAssetsController {
  constructor(@Inject(DashboardAssets) private readonly assets: DashboardAssets) {}

  @Get()
  index(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return this.send('index.html', request, reply);
  }

  @Get(':file')
  file(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return this.send(file, request, reply);
  }

  private send(name: string, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const asset = this.assets.get(name);
    if (asset === undefined) throw new ApiError(ApiErrorCode.NotFound, `no dashboard file ${JSON.stringify(name)}`, { file: name });
    reply.header('cache-control', 'no-cache').header('etag', asset.etag).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    if (asset.contentType.startsWith('text/html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (matchesEtag(request.headers['if-none-match'], asset.etag)) return reply.code(304).send();
    return reply.header('content-type', asset.contentType).code(200).send(asset.body);
  }
}

/** If-None-Match: `*`, or a comma-separated list of (possibly weak) entity tags. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
