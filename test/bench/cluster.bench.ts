/**
 * npm run bench:cluster [-- --json] [--clients 8] [--seconds 10] [--queries 1000] [--index ivf_pq|flat] [--batch 1]
 *
 * Fashion-MNIST (60k × 784) in a local cluster (2 shard workers, an index worker, Faiss backend,
 * embedded Redis, filesystem store) against the same index in-process. With IVF-PQ (the default)
 * the cluster is trained by its training job, and the in-process partition adopts the very template
 * that job stored, so both sides hold the same codebook and recall is equal by construction.
 * `--batch B` makes every request of every client carry B queries (the API's `queries` array), and
 * the in-process engine is called with the same B queries at a time; QPS counts queries.
 */
import { shardOf } from '@shoal/cluster';
import { encodeShardSearch, CLUSTER_TOKEN_HEADER, INTERNAL_ROUTES, SHARD_SEARCH_CONTENT_TYPE, type ShardStatus } from '@shoal/contracts';
import { loadFashionMnist, recallAtK } from '@shoal/datasets';
import { Partition, type IndexSpec } from '@shoal/engine';
import { GenerationStore } from '@shoal/shard-log';
import { createObjectStore } from '@shoal/storage';
import { startLocalCluster } from '@shoal/local-cluster';
import { mkdtemp, rm } from 'node:fs/promises';
import { Pool } from 'undici';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, parseArgs, printTable } from './bench-util';
import { groundTruth } from './engine-cases';
import { closedLoop, interleaved, percentile } from './latency-stats';
import { cpuPerOperation } from './process-cpu';

const args = parseArgs(process.argv.slice(2));
const clients = Number(args.flags.get('clients') ?? 8);
const seconds = Number(args.flags.get('seconds') ?? 10);
const nQueries = Number(args.flags.get('queries') ?? 1000);
const K = 10;
const indexType = args.flags.get('index') ?? 'ivf_pq';
const batch = Number(args.flags.get('batch') ?? 1);
if (!Number.isInteger(batch) || batch < 1 || batch > 100) throw new Error(`--batch must be an integer in 1..100, got ${args.flags.get('batch')}`);
if (indexType !== 'ivf_pq' && indexType !== 'flat') throw new Error(`--index must be ivf_pq or flat, got ${indexType}`);
// The engine benchmark's Fashion-MNIST operating point: recall@10 ≈ 0.99.
const index: IndexSpec = indexType === 'flat' ? { type: 'flat' } : { type: 'ivf_pq', nlist: 1024, m: 56, nbits: 8, nprobe: 16, refine: 10 };
const indexName = indexType === 'flat' ? 'faiss_flat' : 'faiss_ivfpq IVF1024,PQ56 nprobe 16 refine 10';

async function main(): Promise<void> {
  const { train, test } = await loadFashionMnist({ testLimit: nQueries });
  const truth = await groundTruth(train, test);
  const q = (i: number) => test.data.subarray((i % test.n) * test.d, ((i % test.n) + 1) * test.d);
  // Request i of the throughput runs: queries i·B … i·B+B−1 (mod n), one after the other.
  const batchRows = (i: number) => Array.from({ length: batch }, (_, j) => q(i * batch + j));
  const batchQueries = Array.from({ length: test.n }, (_, i) => {
    const rows = batchRows(i);
    const out = new Float32Array(batch * test.d);
    rows.forEach((row, j) => out.set(row, j * test.d));
    return out;
  });
  const rows: Record<string, unknown>[] = [];
  const emit = (row: Record<string, unknown>) => {
    rows.push(row);
    if (args.json) console.log(JSON.stringify(row));
  };

  const dir = await mkdtemp(join(tmpdir(), 'shoal-bench-cluster-'));
  const cluster = await startLocalCluster({ dataDir: dir, host: '127.0.0.1', port: 0, shards: 2, workers: 1, backend: 'faiss', verbose: false });
  try {
    const post = async (path: string, body: unknown, method = 'POST') => {
      const response = await fetch(`${cluster.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    await post('/v1/collections', { name: 'bench', dimension: train.d, metric: 'l2', shards: 2, replicas: 1, index });
    const batches = Array.from({ length: Math.ceil(train.n / 1000) }, (_, b) => b * 1000);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let b = worker; b < batches.length; b += 4) {
          const from = batches[b];
          const vectors = Array.from({ length: Math.min(1000, train.n - from) }, (_, i) => ({ id: String(from + i), values: Array.from(train.data.subarray((from + i) * train.d, (from + i + 1) * train.d)) }));
          await post('/v1/collections/bench/vectors', { vectors }, 'PUT');
        }
      }),
    );
    const ingest = train.n / ((performance.now() - t0) / 1000);
    emit({ setup: 'cluster ingest', index: indexName, clients: 4, vectors_per_s: ingest, batch: 1000 });
    const info = async () => (await (await fetch(`${cluster.url}/v1/collections/bench`)).json()) as { vectors: number; servingGeneration: number };
    for (let tries = 0; tries < 600 && (await info()).vectors !== train.n; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let template: Buffer | null = null;
    if (index.type === 'ivf_pq') {
      const { jobId } = (await post('/v1/collections/bench/train', {})) as { jobId: string };
      const t1 = performance.now();
      let job: { state: string; error?: string };
      do {
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = (await (await fetch(`${cluster.url}/v1/jobs/${encodeURIComponent(jobId)}`)).json()) as { state: string; error?: string };
      } while (job.state !== 'completed' && job.state !== 'failed');
      if (job.state === 'failed') throw new Error(`training failed: ${job.error}`);
      while ((await info()).servingGeneration < 1) await new Promise((resolve) => setTimeout(resolve, 200));
      emit({ setup: 'cluster training job (sample, train, build 2 shards, swap)', index: indexName, wall_s: (performance.now() - t1) / 1000 });
      template = (await new GenerationStore(await createObjectStore({ kind: 'fs', root: join(dir, 'objects') })).getTemplate('bench', 1)).bytes;
    }

    // In-process partitions: the same index and template as the cluster's, loaded 10,000 vectors at a time.
    const record = (i: number) => ({ id: String(i), values: train.data.subarray(i * train.d, (i + 1) * train.d) });
    const inProcessPartition = async (records: { id: string; values: Float32Array }[]): Promise<Partition> => {
      const partition = Partition.create({ dimension: train.d, metric: 'l2', backend: 'faiss', index });
      for (let from = 0; from < records.length; from += 10000) await partition.upsert(records.slice(from, from + 10000));
      if (template) await partition.adoptTemplate(template);
      return partition;
    };

    // In-process: one Partition with every vector, the same concurrency.
    const local = await inProcessPartition(Array.from({ length: train.n }, (_, i) => record(i)));
    const localFound: number[] = [];
    for (let i = 0; i < test.n; i++) localFound.push(...(await local.search(q(i), { k: K }))[0].map((h) => Number(h.id)));
    const { result: inProcess, msPerOperation: inProcessCpu } = await cpuPerOperation({ engine: process.pid }, () =>
      closedLoop(clients, seconds, async (i) => void (await local.search(batchQueries[i % test.n], { k: K }))),
    );
    emit({ setup: 'in-process engine', index: indexName, clients, batch, recall10: recallAtK(localFound, truth, test.n, K), qps: inProcess.qps * batch, p50_ms: inProcess.p50, p99_ms: inProcess.p99 });
    local.dispose();

    // The cluster's ceiling on this machine without any network: the same two partitions the shards
    // hold (same routing, same template), both searched in this one process for every query.
    const parts: ReturnType<typeof record>[][] = [[], []];
    for (let i = 0; i < train.n; i++) parts[shardOf(String(i), 2)].push(record(i));
    const split = [await inProcessPartition(parts[0]), await inProcessPartition(parts[1])];
    const { result: inProcessSplit, msPerOperation: splitCpu } = await cpuPerOperation({ engine: process.pid }, () =>
      closedLoop(clients, seconds, async (i) => void (await Promise.all(split.map((partition) => partition.search(batchQueries[i % test.n], { k: K }))))),
    );
    emit({
      setup: 'in-process, 2 partitions split like the shards (no network)',
      index: indexName,
      clients,
      batch,
      qps: inProcessSplit.qps * batch,
      p50_ms: inProcessSplit.p50,
      p99_ms: inProcessSplit.p99,
      vs_in_process: inProcessSplit.qps / inProcess.qps,
      cpu_per_query_ms: Number((splitCpu.engine / batch).toFixed(3)),
    });
    split.forEach((partition) => partition.dispose());

    // The load generator shares the 2 cores with the cluster (its CPU is in the table below), so it
    // is kept lean: one keep-alive undici Pool and each query's JSON body serialized once, as a
    // client on its own machine would cost the cluster nothing. fetch() cost ~1.3 ms of CPU a query.
    const clientPool = new Pool(cluster.url, { connections: clients });
    const searchBodies = Array.from({ length: test.n }, (_, i) => JSON.stringify({ queries: [Array.from(q(i))], k: K }));
    const batchBodies = Array.from({ length: test.n }, (_, i) => JSON.stringify({ queries: batchRows(i).map((row) => Array.from(row)), k: K }));
    const search = async (i: number, bodies = searchBodies) => {
      const response = await clientPool.request({ path: '/v1/collections/bench/search', method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i % test.n] });
      const body = (await response.body.json()) as { results: { id: string }[][] };
      if (response.statusCode !== 200) throw new Error(`search → ${response.statusCode} ${JSON.stringify(body)}`);
      // The coordinator's own time (its Server-Timing header), for the overhead run below.
      const serverMs = Number(/dur=([0-9.]+)/.exec(String(response.headers['server-timing'] ?? ''))?.[1]);
      return { hits: body.results[0], serverMs };
    };
    const clusterFound: number[] = [];
    for (let i = 0; i < test.n; i++) clusterFound.push(...(await search(i)).hits.map((h) => Number(h.id)));
    const processes: Record<string, number> = { client: process.pid, coordinator: cluster.coordinator.child.pid ?? 0 };
    cluster.shards.forEach((shard, s) => (processes[`shard_${s}`] = shard?.child.pid ?? 0));
    const { result: viaCluster, msPerOperation: clusterCpu } = await cpuPerOperation(processes, () => closedLoop(clients, seconds, async (i) => void (await search(i, batchBodies))));
    emit({ setup: 'cluster (coordinator + 2 shards)', index: indexName, clients, batch, recall10: recallAtK(clusterFound, truth, test.n, K), qps: viaCluster.qps * batch, p50_ms: viaCluster.p50, p99_ms: viaCluster.p99, vs_in_process: viaCluster.qps / inProcess.qps });
    // Where a query's CPU goes, process by process (both cores are busy in these runs).
    const round = (cpu: Record<string, number>) => Object.fromEntries(Object.entries(cpu).map(([name, ms]) => [`${name}_ms`, Number((ms / batch).toFixed(3))]));
    const total = (cpu: Record<string, number>) => Number((Object.values(cpu).reduce((a, b) => a + b, 0) / batch).toFixed(3));
    emit({ setup: 'CPU per query, in-process', ...round(inProcessCpu), total_ms: total(inProcessCpu) });
    emit({ setup: 'CPU per query, cluster', ...round(clusterCpu), total_ms: total(clusterCpu) });

    // Coordinator overhead: one client alternating a search via the coordinator with the same two
    // shard RPCs sent directly, so both see the same machine state (load on 2 cores swings p50s).
    // Both arms use the lean client (keep-alive undici Pools, bodies and frames prepared beforehand),
    // so the difference is the coordinator's hop, not the client's serialization.
    // Each shard's RPC goes to the worker that holds it (placement decides, not the worker's index),
    // and only a 200 counts: a frame sent to the wrong worker is a fast 404, not a search.
    const holders = await shardHolders(cluster.shards.map((shard) => shard?.url ?? ''), cluster.clusterToken, 'bench', 2);
    const shardPools = holders.map((url) => new Pool(url, { connections: 1 }));
    const frames = holders.map((_, s) =>
      Array.from({ length: test.n }, (_, i) => encodeShardSearch({ collection: 'bench', shard: s, k: K, timeoutMs: 2000, nq: 1, dimension: train.d, queries: q(i) })),
    );
    const direct = async (i: number) => {
      await Promise.all(
        shardPools.map(async (pool, s) => {
          const response = await pool.request({ path: INTERNAL_ROUTES.search, method: 'POST', headers: { 'content-type': SHARD_SEARCH_CONTENT_TYPE, [CLUSTER_TOKEN_HEADER]: cluster.clusterToken }, body: frames[s][i % test.n] });
          const answer = await response.body.json();
          if (response.statusCode !== 200) throw new Error(`direct search of shard ${s} → ${response.statusCode} ${JSON.stringify(answer)}`);
        }),
      );
    };
    const serverMs: number[] = [];
    const viaCoordinator = async (i: number) => void serverMs.push((await search(i)).serverMs);
    const pair = await interleaved(seconds, direct, viaCoordinator);
    emit({
      setup: 'coordinator overhead (1 client, interleaved)',
      direct_p50_ms: pair.a.p50,
      cluster_p50_ms: pair.b.p50,
      coordinator_server_p50_ms: percentile(serverMs, 50),
      added_p50_ms: pair.b.p50 - pair.a.p50,
    });
    await Promise.all([clientPool.close(), ...shardPools.map((pool) => pool.close())]);
  } finally {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
  if (!args.json) {
    console.log(`# Shoal cluster benchmark — ${machine()}; Fashion-MNIST ${train.n} × ${train.d}, ${test.n} queries, k=${K}`);
    for (const row of rows) printTable([row], Object.keys(row));
  }
}

/** The URL of the worker holding each shard of `collection`, from the workers' own status. */
async function shardHolders(workerUrls: string[], clusterToken: string, collection: string, shards: number): Promise<string[]> {
  const holders: string[] = [];
  for (const url of workerUrls) {
    const response = await fetch(`${url}${INTERNAL_ROUTES.status}`, { headers: { [CLUSTER_TOKEN_HEADER]: clusterToken } });
    if (!response.ok) throw new Error(`status of ${url} → ${response.status}`);
    for (const partition of ((await response.json()) as ShardStatus).partitions) if (partition.collection === collection) holders[partition.shard] ??= url;
  }
  const missing = Array.from({ length: shards }, (_, s) => s).filter((s) => holders[s] === undefined);
  if (missing.length > 0) throw new Error(`no worker holds shard(s) ${missing.join(', ')} of ${collection}`);
  return holders;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
