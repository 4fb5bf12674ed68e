import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REQUEST_ID_HEADER } from '@shoal/config';
import type { ClusterStateRepository, MemberPartition } from '@shoal/cluster-state';
import { CLUSTER_TOKEN_HEADER, decodeShardSearch, type SearchHit, type ShardSearchRequest, type VectorMetadata } from '@shoal/contracts';
import { ShardLogReader } from '@shoal/shard-log';
import type { ObjectStore } from '@shoal/storage';

/** What a fake replica holds of one partition: an exact in-memory store, applied from the real log. */
interface FakePartition {
  appliedSeq: number;
  vectors: Map<string, { values: Float32Array; metadata?: VectorMetadata }>;
}

/** How the fake answers searches: normally, with a 500, or never (until the client gives up). */
export type FakeShardMode = 'ok' | 'fail' | 'hang';

const ROUTE = /^\/internal\/v1\/collections\/([^/]+)\/shards\/(\d+)\/(segments|vectors\/(.+))$/;

/**
 * A test double of a shard worker's internal API (libs/contracts internal-api.ts), not of Redis or
 * S3: it heartbeats into the real Redis, reads segments from the real object store with
 * ShardLogReader, and answers searches by brute force (squared L2) over what it applied.
 */
export class FakeShard {
  readonly searches: ShardSearchRequest[] = [];
  readonly notifications: string[] = [];
  mode: FakeShardMode = 'ok';
  private readonly partitions = new Map<string, FakePartition>();
  private readonly reader: ShardLogReader;
  private readonly startedAt = new Date().toISOString();

  private constructor(
    readonly id: string,
    readonly url: string,
    private readonly server: Server,
    store: ObjectStore,
    private readonly repo: ClusterStateRepository,
    private readonly token: string,
  ) {
    this.reader = new ShardLogReader(store);
  }

  static async start(id: string, store: ObjectStore, repo: ClusterStateRepository, token: string): Promise<FakeShard> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const shard = new FakeShard(id, `http://127.0.0.1:${port}`, server, store, repo, token);
    // Nobody knows the URL before this returns, so no request can arrive before the handler.
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      shard.handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
    });
    return shard;
  }

  /** Starts serving these shards of `collection` (empty until applied from the log). */
  host(collection: string, shards: readonly number[]): void {
    for (const s of shards) this.partitions.set(`${collection}/${s}`, { appliedSeq: 0, vectors: new Map() });
  }

  /** Announces the partitions, with their progress, as a real shard worker's heartbeat does. */
  async heartbeat(): Promise<void> {
    const partitions: Record<string, MemberPartition> = {};
    // It searches by brute force, so it reports what the mock reports: exact_mock, float32 values + an 8-byte label per vector.
    for (const [key, p] of this.partitions) {
      const bytesPerVector = p.vectors.size === 0 ? 0 : 4 * (p.vectors.values().next().value?.values.length ?? 0) + 8;
      partitions[key] = { appliedSeq: p.appliedSeq, vectors: p.vectors.size, state: 'active', generation: 0, backend: 'exact_mock', indexBytesPerVector: bytesPerVector };
    }
    await this.repo.heartbeat({ id: this.id, role: 'shard', url: this.url, startedAt: this.startedAt, partitions }, 60_000);
  }

  async leave(): Promise<void> {
    await this.repo.leave(this.id);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.headers[CLUSTER_TOKEN_HEADER] !== this.token) return send(res, 401, { error: 'bad cluster token' });
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'POST' && url.pathname === '/internal/v1/search') return this.search(body, res, req.headers[REQUEST_ID_HEADER]);
    const match = ROUTE.exec(url.pathname);
    const partition = match ? this.partitions.get(`${decodeURIComponent(match[1])}/${match[2]}`) : undefined;
    if (!match || !partition) return send(res, 404, { error: 'no such partition here' });
    const [collection, shard] = [decodeURIComponent(match[1]), Number(match[2])];
    if (req.method === 'POST' && match[3] === 'segments') {
      this.notifications.push(`${collection}/${shard}`);
      await this.catchUp(collection, shard, partition);
      return send(res, 200, { appliedSeq: partition.appliedSeq });
    }
    if (req.method === 'GET' && match[4] !== undefined) {
      await this.catchUp(collection, shard, partition, Number(url.searchParams.get('minSeq') ?? 0));
      const stored = partition.vectors.get(decodeURIComponent(match[4]));
      if (!stored) return send(res, 404, { error: 'not found' });
      return send(res, 200, { id: decodeURIComponent(match[4]), values: Array.from(stored.values), ...(stored.metadata ? { metadata: stored.metadata } : {}) });
    }
    send(res, 404, { error: 'no route' });
  }

  private async search(body: Buffer, res: ServerResponse, requestId: string | string[] | undefined): Promise<void> {
    const request = decodeShardSearch(body);
    // The id travels in the header, not the frame: keep it beside the request the way a shard's logs would.
    this.searches.push(typeof requestId === 'string' ? { ...request, requestId } : request);
    if (this.mode === 'fail') return send(res, 500, { error: 'injected failure' });
    if (this.mode === 'hang') return;
    const partition = this.partitions.get(`${request.collection}/${request.shard}`);
    if (!partition) return send(res, 404, { error: 'no such partition here' });
    await this.catchUp(request.collection, request.shard, partition, request.minSeq ?? 0);
    const results: SearchHit[][] = [];
    for (let q = 0; q < request.nq; q++) {
      const query = request.queries.subarray(q * request.dimension, (q + 1) * request.dimension);
      const hits = [...partition.vectors].map(([id, v]) => ({ id, distance: squaredL2(query, v.values), metadata: v.metadata }));
      hits.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));
      results.push(hits.slice(0, request.k).map(({ id, distance, metadata }) => (request.includeMetadata && metadata ? { id, distance, metadata } : { id, distance })));
    }
    send(res, 200, { results, appliedSeq: partition.appliedSeq, generation: 0 });
  }

  /** Applies the log in seq order from the store until `minSeq` (or the end of the log). */
  private async catchUp(collection: string, shard: number, partition: FakePartition, minSeq = 0): Promise<void> {
    for (let round = 0; round < 50; round++) {
      for (const segment of await this.reader.readAfter(collection, shard, partition.appliedSeq)) {
        let next = 0;
        for (const op of segment.ops) {
          if (op.op === 'delete') partition.vectors.delete(op.id);
          else {
            const values = segment.values.slice(next * segment.dimension, (next + 1) * segment.dimension);
            partition.vectors.set(op.id, { values, metadata: op.metadata });
            next++;
          }
        }
        partition.appliedSeq = segment.seq;
      }
      if (partition.appliedSeq >= minSeq) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function squaredL2(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
