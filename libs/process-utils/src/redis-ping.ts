import { connect } from 'node:net';

/**
 * Connects to 127.0.0.1:`port`, sends an inline PING and resolves true when the first reply line
 * is `+PONG`. Resolves false (never rejects) on a refused connection, any other reply, a connection
 * closed before a full line, or no full line within `timeoutMs`.
 */
export function answersRedisPing(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** Options of {@link waitUntilRedisAnswers}. */
export interface WaitUntilRedisAnswersOptions {
  port: number;
  /** Give up after this long. */
  timeoutMs: number;
  /** True once the server process is gone; checked before every PING, so a dead server fails fast. */
  exited: () => boolean;
  /** Pause between two PINGs. @defaultValue 50 */
  intervalMs?: number;
}

/** How {@link waitUntilRedisAnswers} ended. */
export type RedisWaitOutcome = 'answered' | 'exited' | 'timed-out';

/**
 * Polls {@link answersRedisPing} until the server answers, `exited()` returns true, or `timeoutMs`
 * passes. Never rejects: the caller owns the process, so it decides what to kill and how to word
 * the error.
 */
export async function waitUntilRedisAnswers(options: WaitUntilRedisAnswersOptions): Promise<RedisWaitOutcome> {
  const { port, timeoutMs, exited, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) return 'exited';
    const remaining = deadline - Date.now();
    if (remaining <= 0) return 'timed-out';
    if (await answersRedisPing(port, Math.min(1000, remaining))) return 'answered';
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
