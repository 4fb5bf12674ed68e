import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * A port on `host` that the OS reported free a moment ago (SHOAL_SHARD_PORT=0). Another process
 * could take it before the worker binds it; the bind then fails loudly rather than silently
 * announcing a wrong URL.
 */
export async function pickFreePort(host: string): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error(`cannot find a free TCP port on ${host}`);
  return address.port;
}
