import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the canned server saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A canned answer; `hangUp` closes the connection without answering (a lost response); `delayMs` answers late. */
export interface CannedAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  hangUp?: boolean;
  delayMs?: number;
}

export interface CannedServer {
  url: string;
  seen: SeenRequest[];
  stop(): Promise<void>;
}

/**
 * A local HTTP server for the client's own unit tests (retries, backoff, error mapping): `answer`
 * gets each request with its parsed JSON body and returns what to send. Not a fake cluster: the
 * SDK is proven against a real one by the CLI e2e test and test/e2e.
 */
export async function startCannedServer(answer: (request: SeenRequest, index: number) => CannedAnswer): Promise<CannedServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
      seen.push(request);
      const canned = answer(request, seen.length - 1);
      const send = () => {
        if (canned.hangUp) return req.socket.destroy();
        const payload = canned.body === undefined ? '' : typeof canned.body === 'string' ? canned.body : JSON.stringify(canned.body);
        res.writeHead(canned.status ?? 200, { 'content-type': 'application/json', ...canned.headers });
        res.end(payload);
      };
      if (!canned.delayMs) return send();
      const timer = setTimeout(send, canned.delayMs);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The API's error body. */
export function errorBody(code: string, message: string, details: Record<string, unknown> = {}): { error: { code: string; message: string; details: Record<string, unknown> } } {
  return { error: { code, message, details } };
}
