import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { API_ROUTES, buildOpenApiDocument, openApiPath, type ApiRoute } from '@shoal/contracts';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { AppModule } from '../app.module';
import type { CoordinatorConfig } from '../common/coordinator.config';

/** Served by the coordinator but not API: the docs page itself and the dashboard's static files. */
const NOT_API = [/^GET \/docs/, /^GET \/dashboard(\/|$)/];

/** `METHOD /path/:param` of every handler Nest will mount, read from the controllers' decorators. */
function mountedRoutes(): string[] {
  const root = AppModule.register({} as CoordinatorConfig);
  const modules: Type[] = (root.imports ?? []).filter((m): m is Type => typeof m === 'function');
  const controllers: Type[] = [...(root.controllers ?? []), ...modules.flatMap((m) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, m) as Type[] | undefined) ?? [])];
  const routes: string[] = [];
  for (const controller of controllers) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (let proto = controller.prototype; proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        if (key === 'constructor') continue;
        const handler = Object.getOwnPropertyDescriptor(proto, key)?.value as unknown;
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
        routes.push(`${method} ${`/${base}/${sub}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1')}`);
      }
    }
  }
  return [...new Set(routes)].sort();
}

describe('the public route table (libs/contracts API_ROUTES)', () => {
  it('documents exactly the routes the coordinator mounts', () => {
    const mounted = mountedRoutes().filter((route) => !NOT_API.some((pattern) => pattern.test(route)));
    const documented = (Object.values(API_ROUTES) as ApiRoute[]).map((route) => `${route.method} ${route.path}`).sort();
    expect(mounted).toEqual(documented);
  });

  it('generates an OpenAPI 3.1 document whose refs resolve, params match paths, and schemas compile', () => {
    const doc = buildOpenApiDocument('1.2.3') as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown>; security: unknown[] }>>;
      components: { schemas: Record<string, object> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(name);
    for (const route of Object.values(API_ROUTES) as ApiRoute[]) {
      const op = doc.paths[openApiPath(route.path)][route.method.toLowerCase()];
      const inPath = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();
      expect((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual(inPath);
      expect(Object.keys(op.responses)).toContain(String(route.success.status));
      if (route.access !== 'public') expect(Object.keys(op.responses)).toContain('401');
      if (route.access === 'write') expect(Object.keys(op.responses)).toContain('403');
      expect(op.security).toEqual(route.access === 'public' ? [] : [{ apiKey: [] }]);
    }
    const ajv = new Ajv({ strict: false });
    addFormats(ajv, ['date-time']);
    for (const [name, schema] of Object.entries(doc.components.schemas)) expect(() => ajv.compile(schema)).not.toThrow(name);
  });
});
