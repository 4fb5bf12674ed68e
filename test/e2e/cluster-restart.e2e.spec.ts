/**
 * `npm start`'s own set-up — embedded redis-server (AOF) and the filesystem object store under one
 * data directory — survives a restart of every process: all data is back.
 */
import { startLocalCluster } from '@shoal/local-cluster';
import { tempDir, waitFor } from '@shoal/testing';
import { rm } from 'node:fs/promises';
import { ClusterClient } from './cluster-client';

jest.setTimeout(180_000);

it('brings every collection and vector back after the whole cluster restarts', async () => {
  const dir = await tempDir('shoal-restart-');
  const options = { dataDir: dir, host: '127.0.0.1', port: 0, shards: 2, backend: 'mock' as const, verbose: false, redisUrl: undefined, env: {} };
  try {
    const first = await startLocalCluster(options);
    const api = new ClusterClient(first.url);
    await api.createCollection({ name: 'kept', dimension: 4, metric: 'cosine', shards: 2, replicas: 1, index: { type: 'flat' } });
    const vectors = Array.from({ length: 120 }, (_, i) => ({ id: `k${i}`, values: [1, i, i % 7, -i], metadata: { i } }));
    await api.upsert('kept', vectors);
    await first.stop();

    const second = await startLocalCluster(options);
    try {
      const again = new ClusterClient(second.url);
      await waitFor(async () => (await again.collection('kept').catch(() => ({ vectors: -1 }))).vectors === 120, { timeoutMs: 30_000, intervalMs: 200 });
      const hits = (await again.search('kept', { queries: [[1, 5, 5, -5]], k: 1, includeMetadata: true })).results[0];
      expect(hits[0]).toMatchObject({ id: 'k5', metadata: { i: 5 } });
      expect((await again.fetch('kept', 'k119')).body).toMatchObject({ id: 'k119', values: [1, 119, 0, -119] });
    } finally {
      await second.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
