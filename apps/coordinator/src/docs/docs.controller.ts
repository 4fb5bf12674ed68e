import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiError, ApiErrorCode, buildOpenApiDocument } from '@shoal/contracts';
import type { FastifyReply } from 'fastify';
import { packageVersion } from '../info/package-version';

/** A file served under /docs, read once at boot. */
interface DocsFile {
  body: Buffer;
  contentType: string;
}

const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const OWN_DIR = join(__dirname, 'assets');

/** The allow-list: Swagger UI's bundle and stylesheet from swagger-ui-dist, and our page + initializer. */
function loadFiles(): ReadonlyMap<string, DocsFile> {
  return new Map([
    ['index.html', { body: readFileSync(join(OWN_DIR, 'index.html')), contentType: 'text/html; charset=utf-8' }],
    ['swagger-initializer.js', { body: readFileSync(join(OWN_DIR, 'swagger-initializer.js')), contentType: 'text/javascript; charset=utf-8' }],
    ['swagger-ui-bundle.js', { body: readFileSync(join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js')), contentType: 'text/javascript; charset=utf-8' }],
    ['swagger-ui.css', { body: readFileSync(join(SWAGGER_UI_DIR, 'swagger-ui.css')), contentType: 'text/css; charset=utf-8' }],
  ]);
}

/**
 * `GET /docs`: Swagger UI, and `GET /docs/openapi.json`: the OpenAPI 3.1 document generated from
 * libs/contracts' route table, the same schemas the coordinator validates requests with. Public:
 * describing the API reveals nothing a key protects.
 */
@Controller('docs')
export class DocsController {
  private readonly files = loadFiles();
  private readonly document = JSON.stringify(buildOpenApiDocument(packageVersion()));

  @Get()
  page(@Res() reply: FastifyReply): FastifyReply {
    return this.send('index.html', reply);
  }

  @Get('openapi.json')
  @Header('content-type', 'application/json; charset=utf-8')
  openApi(): string {
    return this.document;
  }

  @Get(':file')
  file(@Param('file') name: string, @Res() reply: FastifyReply): FastifyReply {
    return this.send(name, reply);
  }

  private send(name: string, reply: FastifyReply): FastifyReply {
    const file = this.files.get(name);
    if (file === undefined) throw new ApiError(ApiErrorCode.NotFound, `no such file under /docs: ${name}`);
    return reply.header('content-type', file.contentType).header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').send(file.body);
  }
}
