import { freePort, waitUntilRedisAnswers } from '@shoal/process-utils';
import { spawnGuarded, stopperFor, type GuardedChild } from './guarded-child';
import { tempDir } from './temp-dir';

/** A private `redis-server` on 127.0.0.1 with its own temporary directory. */
export interface RunningRedisServer {
  /** `redis://127.0.0.1:{port}` */
  readonly url: string;
  readonly port: number;
  /** Kills the server and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/*
 * A small Node wrapper owns redis-server, because redis-server itself cannot notice that its
 * parent died: the wrapper watches its stdin (closed by the OS when the test process ends, however
 * it ends) and terminates the server, and it exits as soon as the server exits.
 */
const WRAPPER_SCRIPT = `
const server = require('node:child_process').spawn('redis-server', process.argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
server.on('error', (error) => { console.error('cannot run redis-server (is Redis 7 installed?): ' + error.message); process.exit(127); });
server.on('exit', (code) => process.exit(code === null ? 1 : code));
process.stdin.resume();
process.stdin.on('end', () => server.kill('SIGTERM'));
`;

const START_TIMEOUT_MS = 10_000;
const START_ATTEMPTS = 3;

/** Resolves once the server answers PING; rejects when the wrapper exits first or time runs out. */
async function untilReady(server: GuardedChild, port: number): Promise<void> {
  let exitCode: string | undefined;
  void server.exited.then((code) => (exitCode = code));
  const outcome = await waitUntilRedisAnswers({ port, timeoutMs: START_TIMEOUT_MS, exited: () => exitCode !== undefined, intervalMs: 20 });
  if (outcome === 'exited') throw new Error(`redis-server exited with ${exitCode}: ${server.output()}`);
  if (outcome === 'timed-out') throw new Error(`redis-server did not answer PING on port ${port} within ${START_TIMEOUT_MS} ms: ${server.output()}`);
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Listen on this port, e.g. to restart a server where clients expect it. @defaultValue a free port */
  port?: number;
}

async function startOnce(requestedPort: number | undefined): Promise<RunningRedisServer> {
  const port = requestedPort ?? (await freePort());
  const dir = await tempDir('shoal-redis-');
  // No persistence: test data lives only in memory and the directory holds nothing worth keeping.
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
  const server = spawnGuarded(WRAPPER_SCRIPT, args);
  const stop = stopperFor(server, dir);
  try {
    await untilReady(server, port);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
  };
}

/**
 * Starts a private redis-server and resolves once it answers PING. Without a fixed port, retries
 * with another one when the chosen port was taken between {@link freePort} and the bind.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RunningRedisServer> {
  let lastError: unknown;
  const attempts = options.port === undefined ? START_ATTEMPTS : 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await startOnce(options.port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
