import { Agent, request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { PinoNestLogger } from './pino-nest.logger';
import { currentRequestId, joinRequestIds, registerRequestContext, requestIdMixin } from './request-context';

type Line = Record<string, unknown>;

function sink(lines: Line[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n')) if (text.trim()) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
}

describe('registerRequestContext', () => {
  let app: FastifyInstance;
  const lines: Line[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'debug', mixin: requestIdMixin }, sink(lines));
    const nestLogger = new PinoNestLogger(logger);
    app = Fastify();
    registerRequestContext(app, logger);
    app.post('/echo', async (request) => {
      // Past body parsing and an await: the context must still be there.
      await new Promise((resolve) => setTimeout(resolve, 5));
      nestLogger.warn('inside the handler', 'EchoController');
      return { seen: currentRequestId(), body: request.body };
    });
    app.get('/health/live', async () => ({ status: 'ok' }));
    await app.ready();
  });

  afterAll(() => app.close());
  beforeEach(() => lines.splice(0));

  it('keeps a valid incoming id, echoes it, and every log line of the request names it', async () => {
    const response = await app.inject({ method: 'POST', url: '/echo', headers: { 'x-request-id': 'client-42' }, payload: { a: 1 } });
    expect(response.headers['x-request-id']).toBe('client-42');
    expect(response.json()).toEqual({ seen: 'client-42', body: { a: 1 } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, context: 'EchoController', reqId: 'client-42', msg: 'inside the handler' }),
      expect.objectContaining({ level: 30, reqId: 'client-42', method: 'POST', route: '/echo', status: 200, msg: 'request completed' }),
    ]);
  });

  it('keeps the context over a real socket, where the body arrives in its own events', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${address}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'socket-7' },
      body: JSON.stringify({ pad: 'x'.repeat(256 * 1024) }),
    });
    expect(((await response.json()) as { seen: string }).seen).toBe('socket-7');
  });

  it('keeps each request its own id on one keep-alive connection (the socket carries an earlier context)', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 }).catch(() => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const id of ['first-1', 'second-2', 'third-3']) {
        const seen = await new Promise<string>((resolve, reject) => {
          const body = JSON.stringify({ pad: 'y'.repeat(64 * 1024) });
          const req = httpRequest(`${address}/echo`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': id } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve((JSON.parse(text) as { seen: string }).seen));
          });
          req.on('error', reject);
          // Headers first, body a moment later: the handler must not run in the socket's old context.
          req.flushHeaders();
          setTimeout(() => req.end(body), 20);
        });
        expect(seen).toBe(id);
      }
    } finally {
      agent.destroy();
    }
  });

  it('replaces a missing or unsafe id with a fresh UUID', async () => {
    const unsafe = await app.inject({ method: 'POST', url: '/echo', headers: { 'x-request-id': 'bad id"\u0007' }, payload: {} });
    const missing = await app.inject({ method: 'POST', url: '/echo', payload: {} });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(unsafe.headers['x-request-id']).toMatch(uuid);
    expect(missing.headers['x-request-id']).toMatch(uuid);
    expect(unsafe.headers['x-request-id']).not.toBe(missing.headers['x-request-id']);
    expect(unsafe.json()).toMatchObject({ seen: unsafe.headers['x-request-id'] });
  });

  it('logs probes at debug and client errors at info', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual([
      expect.objectContaining({ level: 20, route: '/health/live', status: 200 }),
      expect.objectContaining({ level: 30, route: null, url: '/nowhere', status: 404 }),
    ]);
  });

  it('has no id outside a request', () => {
    expect(currentRequestId()).toBeUndefined();
  });
});

describe('joinRequestIds', () => {
  it('joins the distinct ids of a batch, counts those beyond eight, and keeps within the header bound', () => {
    expect(joinRequestIds([undefined])).toBeUndefined();
    expect(joinRequestIds(['a', 'b', 'a', undefined])).toBe('a,b');
    expect(joinRequestIds(Array.from({ length: 11 }, (_, i) => `r${i}`))).toBe('r0,r1,r2,r3,r4,r5,r6,r7,+3');
    const long = joinRequestIds(Array.from({ length: 3 }, (_, i) => `${i}`.repeat(200)));
    expect(long?.length).toBeLessThanOrEqual(256);
  });
});
