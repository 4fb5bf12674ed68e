/**
 * npm run bench:http-floor [-- --json] [--clients 8] [--seconds 10]
 *
 * The floor under the cluster benchmark's targets on this machine: what the coordinator's hop costs
 * when the coordinator does nothing but relay. Three bare node:http processes, no framework, no
 * validation, no logs, no Faiss:
 *  - two "shards" that read a request body and answer a fixed 10-hit JSON list (like a shard's answer);
 *  - a "relay" that parses a 784-float JSON query (like a search request), sends it to both shards as
 *    a binary body over keep-alive undici Pools, parses both answers, merges them and answers JSON.
 * The load generator is the same as bench:cluster's (undici Pool, bodies serialized once) and shares
 * the cores. Reported: the relay's throughput with every core busy and the CPU each process spends
 * per query, and with one client the p50 a relayed query adds over the same two shard calls sent
 * directly (interleaved, like bench:cluster's "coordinator overhead").
 * Whatever the real coordinator and shards cost beyond these figures is theirs; below them is the
 * machine's (loopback TCP, process wake-ups, the HTTP parsers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { Pool } from 'undici';
import { freePort } from '@shoal/local-cluster';
import { machine, parseArgs, printTable } from './bench-util';
import { closedLoop, interleaved } from './latency-stats';
import { cpuPerOperation } from './process-cpu';

const DIMENSION = 784;
const K = 10;
/** A shard's answer to one query: k hits with string ids, as the real shard sends them. */
const SHARD_ANSWER = JSON.stringify({
  results: [Array.from({ length: K }, (_, i) => ({ id: String(10_000 + i), distance: 1000 + i * 17.25 }))],
  appliedSeq: 60,
  generation: 1,
});

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A child process: `--role shard|relay --port N [--shards url,url]`. */
async function serve(role: string, port: number, shardUrls: string[]): Promise<void> {
  const pools = shardUrls.map((url) => new Pool(url, { connections: 32 }));
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (role === 'shard') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(SHARD_ANSWER);
        return;
      }
      const { queries, k } = JSON.parse(body.toString('utf8')) as { queries: number[][]; k: number };
      const frame = Buffer.from(Float32Array.from(queries[0]).buffer);
      const answers = await Promise.all(
        pools.map(async (pool) => {
          const answer = await pool.request({ method: 'POST', path: '/search', headers: { 'content-type': 'application/octet-stream' }, body: frame });
          return (await answer.body.json()) as { results: { id: string; distance: number }[][] };
        }),
      );
      const merged = answers
        .flatMap((a) => a.results[0])
        .sort((a, b) => a.distance - b.distance)
        .slice(0, k);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: [merged] }));
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  process.stdout.write('ready\n');
}

async function start(role: string, port: number, shardUrls: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--role', role, '--port', String(port), ...(shardUrls.length > 0 ? ['--shards', shardUrls.join(',')] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  if (!chunk.toString().includes('ready')) throw new Error(`${role} did not start: ${chunk.toString()}`);
  return child;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const role = args.flags.get('role');
  if (role !== undefined) {
    await serve(role, Number(args.flags.get('port')), (args.flags.get('shards') ?? '').split(',').filter(Boolean));
    return;
  }
  const clients = Number(args.flags.get('clients') ?? 8);
  const seconds = Number(args.flags.get('seconds') ?? 10);
  const shardPorts = [await freePort(), await freePort()];
  const relayPort = await freePort();
  const shardUrls = shardPorts.map((port) => `http://127.0.0.1:${port}`);
  const children = [await start('shard', shardPorts[0]), await start('shard', shardPorts[1])];
  children.push(await start('relay', relayPort, shardUrls));
  const rows: Record<string, unknown>[] = [];
  const emit = (row: Record<string, unknown>) => {
    rows.push(row);
    if (args.json) console.log(JSON.stringify(row));
  };
  try {
    // Queries like Fashion-MNIST's: 784 integers 0..255 as floats.
    const bodies = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({ queries: [Array.from({ length: DIMENSION }, (_, j) => (i * 7919 + j * 104_729) % 256)], k: K }),
    );
    const frames = bodies.map((body) => Buffer.from(Float32Array.from((JSON.parse(body) as { queries: number[][] }).queries[0]).buffer));
    const relay = new Pool(`http://127.0.0.1:${relayPort}`, { connections: clients });
    const shards = shardUrls.map((url) => new Pool(url, { connections: clients }));
    const viaRelay = async (i: number) => {
      const response = await relay.request({ method: 'POST', path: '/v1/search', headers: { 'content-type': 'application/json' }, body: bodies[i % bodies.length] });
      if (response.statusCode !== 200) throw new Error(`relay → ${response.statusCode} ${await response.body.text()}`);
      await response.body.json();
    };
    const direct = async (i: number) => {
      await Promise.all(
        shards.map(async (pool) => {
          const response = await pool.request({ method: 'POST', path: '/search', headers: { 'content-type': 'application/octet-stream' }, body: frames[i % frames.length] });
          if (response.statusCode !== 200) throw new Error(`shard → ${response.statusCode} ${await response.body.text()}`);
          await response.body.json();
        }),
      );
    };
    for (let i = 0; i < 2000; i++) await viaRelay(i);
    const processes = { client: process.pid, relay: children[2].pid ?? 0, shard_0: children[0].pid ?? 0, shard_1: children[1].pid ?? 0 };
    const { result, msPerOperation } = await cpuPerOperation(processes, () => closedLoop(clients, seconds, viaRelay));
    const cpu = Object.fromEntries(Object.entries(msPerOperation).map(([name, ms]) => [`${name}_ms`, Number(ms.toFixed(3))]));
    const total = Number(Object.values(msPerOperation).reduce((a, b) => a + b, 0).toFixed(3));
    emit({ setup: `bare relay + 2 no-op shards, ${clients} clients`, qps: Math.round(result.qps), p50_ms: result.p50, p99_ms: result.p99, ...cpu, total_cpu_ms: total });
    const pair = await interleaved(seconds, direct, viaRelay);
    emit({ setup: 'bare relay hop, 1 client (interleaved)', direct_p50_ms: pair.a.p50, relayed_p50_ms: pair.b.p50, added_p50_ms: pair.b.p50 - pair.a.p50 });
    await Promise.all([relay.close(), ...shards.map((pool) => pool.close())]);
  } finally {
    for (const child of children) child.kill('SIGTERM');
  }
  if (!args.json) {
    console.log(`# HTTP floor — ${machine()}`);
    for (const row of rows) printTable([row], Object.keys(row));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
