import { requiredAccess } from './access-policy';

describe('requiredAccess', () => {
  it('reads the access of documented routes from the route table', () => {
    expect(requiredAccess('POST', '/v1/collections/:name/search', '/v1/collections/c/search')).toBe('read');
    expect(requiredAccess('GET', '/v1/collections/:name', '/v1/collections/c')).toBe('read');
    expect(requiredAccess('HEAD', '/v1/collections/:name', '/v1/collections/c')).toBe('read');
    expect(requiredAccess('PUT', '/v1/collections/:name/vectors', '/v1/collections/c/vectors')).toBe('write');
    expect(requiredAccess('POST', '/v1/collections/:name/vectors/delete', '/v1/collections/c/vectors/delete')).toBe('write');
    expect(requiredAccess('DELETE', '/v1/collections/:name', '/v1/collections/c')).toBe('write');
    expect(requiredAccess('GET', '/health/ready', '/health/ready')).toBe('public');
    expect(requiredAccess('GET', '/metrics', '/metrics?x=1')).toBe('public');
  });

  it('guards every other /v1 path, matched or not', () => {
    expect(requiredAccess('GET', undefined, '/v1/nothing')).toBe('read');
    expect(requiredAccess('POST', undefined, '/v1/nothing?a=b')).toBe('write');
    expect(requiredAccess('PATCH', undefined, '/v1')).toBe('write');
  });

  it('leaves the docs and the dashboard files public', () => {
    expect(requiredAccess('GET', '/docs', '/docs')).toBe('public');
    expect(requiredAccess('GET', '/dashboard/:file', '/dashboard/main.js')).toBe('public');
    expect(requiredAccess('GET', undefined, '/v1x/collections')).toBe('public');
  });
});
