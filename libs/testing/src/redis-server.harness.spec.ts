import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { startRedisServer } from './redis-server.harness';
import { waitFor } from './wait-for';

/** True while something accepts TCP connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

describe('startRedisServer', () => {
  it('starts two private servers that answer commands, and stop removes each', async () => {
    const [first, second] = await Promise.all([startRedisServer(), startRedisServer()]);
    expect(first.port).not.toBe(second.port);
    expect(first.url).toBe(`redis://127.0.0.1:${first.port}`);
    const client = new Redis(first.url);
    try {
      await client.set('k', 'v');
      expect(await client.get('k')).toBe('v');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
    } finally {
      client.disconnect();
    }
    await Promise.all([first.stop(), second.stop()]);
    await first.stop();
    expect(await listening(first.port)).toBe(false);
    expect(await listening(second.port)).toBe(false);
  });

  it('dies with its parent process, even one killed by SIGKILL', async () => {
    const harness = join(__dirname, 'redis-server.harness.ts');
    const script = `require(${JSON.stringify(harness)}).startRedisServer().then((s) => console.log(s.port));`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exitedEarly = once(parent, 'exit').then(([code]) => {
      throw new Error(`the parent process exited with ${code} before starting redis-server`);
    });
    const [line] = (await Promise.race([once(createInterface({ input: parent.stdout }), 'line'), exitedEarly])) as [string];
    const port = Number(line);
    expect(await listening(port)).toBe(true);
    parent.kill('SIGKILL');
    await waitFor(async () => !(await listening(port)), { timeoutMs: 5000, description: 'the orphaned redis-server to exit' });
  });

  it('keeps the data directory only while running', async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url);
    const [, dir] = (await client.config('GET', 'dir')) as [string, string];
    client.disconnect();
    await access(dir);
    await server.stop();
    await expect(access(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
