import { API_ROUTES, type ApiRoute, type RouteAccess } from '@shoal/contracts';

/** Access of every documented route, by `METHOD template` (libs/contracts api-routes.ts). */
const DOCUMENTED = new Map<string, RouteAccess>((Object.values(API_ROUTES) as ApiRoute[]).map((route) => [`${route.method} ${route.path}`, route.access]));

/**
 * The access a request needs, from its method, its matched route template (undefined when no route
 * matched) and its URL. Documented routes say their own access. Anything else under /v1 (an
 * unmatched path included: probing for routes without a key learns nothing but 401) needs a key,
 * a read key for GET/HEAD and a write key otherwise. The rest is public on purpose: the docs
 * page and the dashboard's static files (its data comes from /v1 with the user's key).
 */
export function requiredAccess(method: string, route: string | undefined, url: string): RouteAccess {
  const documented = route === undefined ? undefined : DOCUMENTED.get(`${method === 'HEAD' ? 'GET' : method} ${route}`);
  if (documented !== undefined) return documented;
  const path = url.split('?', 1)[0];
  if (path !== '/v1' && !path.startsWith('/v1/')) return 'public';
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}
