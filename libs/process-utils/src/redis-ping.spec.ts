import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { answersRedisPing, waitUntilRedisAnswers } from './redis-ping';

/** A TCP server on a free port that treats every connection with `onConnection`. */
async function tcpServer(onConnection: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return { server, port: address.port };
}

async function closeServer(server: Server): Promise<void> {
  server.close();
  await once(server, 'close');
}

describe('answersRedisPing and waitUntilRedisAnswers', () => {
  let redis: ChildProcess;
  let redisPort: number;
  let redisExited = false;
  let dir: string;

  beforeAll(async () => {
    redisPort = await freePort();
    dir = await mkdtemp(join(tmpdir(), 'shoal-process-utils-'));
    const args = ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
    redis = spawn('redis-server', args, { stdio: 'ignore' });
    redis.once('exit', () => (redisExited = true));
    const outcome = await waitUntilRedisAnswers({ port: redisPort, timeoutMs: 10_000, exited: () => redisExited, intervalMs: 20 });
    expect(outcome).toBe('answered');
  });

  afterAll(async () => {
    if (redis && !redisExited) {
      const exited = once(redis, 'exit');
      redis.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is true for a real redis-server', async () => {
    expect(await answersRedisPing(redisPort)).toBe(true);
  });

  it('is false, well within the timeout, for a port nothing listens on', async () => {
    const port = await freePort();
    const started = Date.now();
    expect(await answersRedisPing(port, 1000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('is false for a TCP server that answers something other than +PONG', async () => {
    const { server, port } = await tcpServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
    });
    try {
      expect(await answersRedisPing(port)).toBe(false);
    } finally {
      await closeServer(server);
    }
  });

  it('is false for a TCP server that closes the connection without a reply', async () => {
    const { server, port } = await tcpServer((socket) => socket.destroy());
    try {
      const started = Date.now();
      expect(await answersRedisPing(port, 2000)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await closeServer(server);
    }
  });

  it('is false once the timeout passes when the server accepts but never answers', async () => {
    const sockets: { destroy(): void }[] = [];
    const { server, port } = await tcpServer((socket) => void sockets.push(socket));
    try {
      const started = Date.now();
      expect(await answersRedisPing(port, 200)).toBe(false);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(150);
      expect(elapsed).toBeLessThan(1000);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await closeServer(server);
    }
  });

  it('waitUntilRedisAnswers reports exited before pinging when the process is gone', async () => {
    expect(await waitUntilRedisAnswers({ port: redisPort, timeoutMs: 1000, exited: () => true })).toBe('exited');
  });

  it('waitUntilRedisAnswers reports timed-out when nothing answers in time', async () => {
    const port = await freePort();
    const started = Date.now();
    expect(await waitUntilRedisAnswers({ port, timeoutMs: 300, exited: () => false, intervalMs: 20 })).toBe('timed-out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
