import { createInterface } from 'node:readline';
import { freePort } from '@shoal/process-utils';
import { spawnGuarded, stopperFor, type GuardedChild } from './guarded-child';
import { tempDir } from './temp-dir';

/** A private s3rver (S3-compatible test server) on 127.0.0.1 with its own temporary directory. */
export interface RunningS3rver {
  /** `http://127.0.0.1:{port}`, the form `S3_ENDPOINT` takes. */
  readonly endpoint: string;
  readonly port: number;
  /** s3rver's built-in credentials, accepted without configuration. */
  readonly accessKey: 'S3RVER';
  readonly secretKey: 'S3RVER';
  /** Stops the server and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/*
 * s3rver runs in a child process because it encrypts list continuation tokens with DES, which
 * Node 17+ (OpenSSL 3) only provides under --openssl-legacy-provider: in-process, every truncated
 * list answers 500. It prints its port once listening and exits when its stdin closes, so a crashed
 * test run leaves no server behind.
 */
const SERVER_SCRIPT = `
const S3rver = require(process.argv[1]);
const server = new S3rver({ address: '127.0.0.1', port: Number(process.argv[2]), directory: process.argv[3], silent: true, configureBuckets: [] });
server.run().then((address) => console.log(JSON.stringify({ port: address.port })), (error) => { console.error(error); process.exit(1); });
process.stdin.resume();
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
`;

const START_ATTEMPTS = 3;

async function readPort(server: GuardedChild): Promise<number> {
  const stdout = server.child.stdout;
  if (stdout === null) throw new Error('s3rver has no stdout');
  const lines = createInterface({ input: stdout });
  const exited = server.exited.then((code) => {
    throw new Error(`s3rver exited with ${code} before listening: ${server.output()}`);
  });
  const listening = (async () => {
    for await (const line of lines) {
      if (line.startsWith('{')) return (JSON.parse(line) as { port: number }).port;
    }
    throw new Error(`s3rver closed its output before listening: ${server.output()}`);
  })();
  return Promise.race([listening, exited]);
}

async function startOnce(requestedPort?: number): Promise<RunningS3rver> {
  // A port chosen here rather than 0 keeps the endpoint predictable in logs; a lost race retries.
  const port = requestedPort ?? (await freePort());
  const dir = await tempDir('shoal-s3rver-');
  const server = spawnGuarded(SERVER_SCRIPT, [require.resolve('s3rver'), String(port), dir], ['--openssl-legacy-provider']);
  const stop = stopperFor(server, dir);
  let listeningPort: number;
  try {
    listeningPort = await readPort(server);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint: `http://127.0.0.1:${listeningPort}`,
    port: listeningPort,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    stop,
  };
}

/**
 * Starts s3rver and resolves once it listens: on `port` when given (e.g. a test that brings the
 * server up late on a port its client already uses), else on a free port. Buckets are created by
 * the caller (`store.init()`).
 */
export async function startS3rver(port?: number): Promise<RunningS3rver> {
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    try {
      return await startOnce(port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
