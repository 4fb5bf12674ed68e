import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A private s3rver on 127.0.0.1, in its own process, with its own temporary directory. */
export interface RunningS3rver {
  readonly port: number;
  /** Stops the server and deletes its directory. */
  stop(): Promise<void>;
}

/** s3rver's built-in credentials, accepted without configuration. */
export const S3RVER_CREDENTIALS = { accessKey: 'S3RVER', secretKey: 'S3RVER' } as const;

/*
 * s3rver runs in a child process because it encrypts list continuation tokens with DES, which
 * Node 17+ (OpenSSL 3) only provides under --openssl-legacy-provider: in-process, every truncated
 * list answers 500. A separate process is also closer to a real server. It exits when its stdin
 * closes, so a crashed test run leaves no server behind.
 */
const SERVER_SCRIPT = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: '127.0.0.1', port: Number(process.argv[2]), directory: process.argv[3], silent: true, configureBuckets: [] });
server.run().then((address) => console.log(JSON.stringify({ port: address.port })), (error) => { console.error(error); process.exit(1); });
process.stdin.resume();
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
`;

/** A port that was free a moment ago, for tests that must know the port before a server listens. */
export async function reserveFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

async function readPort(child: ChildProcess): Promise<number> {
  if (child.stdout === null) throw new Error('s3rver has no stdout');
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited with code ${code} before listening`);
  });
  const listening = (async () => {
    for await (const line of lines) return (JSON.parse(line) as { port: number }).port;
    throw new Error('s3rver closed its output before listening');
  })();
  return Promise.race([listening, exited]);
}

/** Starts s3rver on `port` (0 picks a free one) and resolves once it listens. */
export async function startS3rver(port = 0): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 'shoal-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', SERVER_SCRIPT, require.resolve('s3rver'), String(port), directory], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exit = once(child, 'exit');
  try {
    const listeningPort = await readPort(child);
    return {
      port: listeningPort,
      async stop() {
        child.stdin?.end();
        await exit;
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
