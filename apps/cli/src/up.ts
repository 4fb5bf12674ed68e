/**
 * `shoal up` / `npm start`: brings up a local cluster (private redis-server, filesystem object store
 * under ./data, one coordinator on http://127.0.0.1:7700, two shard workers, one index worker), optionally runs the
 * demo job, and keeps serving until Ctrl-C.
 *
 *   tsx apps/cli/src/up.ts [--port 7700] [--host 127.0.0.1] [--shards 2] [--data ./data]
 *                          [--backend faiss|mock] [--demo] [--verbose]
 * REDIS_URL / S3_ENDPOINT (+ S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET) use real services instead.
 */
import { runClusterDemo } from './cluster-demo';
import { startLocalCluster } from '@shoal/local-cluster';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith('--') ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const backend = flag('backend', process.env.SHOAL_BACKEND ?? 'faiss');
  if (backend !== 'faiss' && backend !== 'mock') throw new Error(`--backend must be faiss or mock, got ${backend}`);
  const shards = Number(flag('shards', '2'));
  const port = Number(flag('port', process.env.SHOAL_PORT ?? '7700'));
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`--shards must be a positive integer, got ${flag('shards', '')}`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a TCP port, got ${flag('port', '')}`);
  const cluster = await startLocalCluster({
    dataDir: flag('data', './data'),
    host: flag('host', '127.0.0.1'),
    port,
    shards,
    backend,
    verbose: process.argv.includes('--verbose'),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping Shoal…');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`Shoal is ready at ${cluster.url} (${shards} shard workers, 1 index worker, backend ${backend}${backend === 'mock' ? ': exact brute force, for development' : ''}; Ctrl-C stops it)`);
  if (process.argv.includes('--demo')) await runClusterDemo(cluster.url);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
