import { formatStatus, type StatusView } from './status.command';

const view: StatusView = {
  url: 'http://127.0.0.1:7700',
  info: {
    version: '0.1.0',
    uptimeSeconds: 185,
    backends: { exact_mock: 2, faiss_ivfpq: 2 },
    collections: [
      { name: 'docs', index: { type: 'ivf_pq', nlist: 4, m: 2 }, state: 'building', generation: 2, servingGeneration: 1, vectors: 1234567, bytesPerVector: 24.04, backends: ['faiss_ivfpq'] },
      { name: 'empty', index: { type: 'flat' }, state: 'exact', generation: 0, servingGeneration: 0, vectors: 0, bytesPerVector: null, backends: [] },
    ],
  },
  health: { ready: true, status: 'ok', details: { redis: { status: 'up' } } },
  collections: [
    { name: 'docs', dimension: 8, metric: 'l2', shards: 3, replicas: 2, index: { type: 'ivf_pq', nlist: 4, m: 2 }, state: 'building', generation: 2, servingGeneration: 1, vectors: 1234567, createdAt: '2025-01-01T00:00:00.000Z' },
  ],
};

describe('formatStatus', () => {
  it('shows health, backends and one row per collection', () => {
    expect(formatStatus(view).split('\n')).toEqual([
      'Shoal 0.1.0 at http://127.0.0.1:7700, up 3m 05s: ready',
      'backends: exact_mock ×2, faiss_ivfpq ×2 (exact_mock = exact brute force, for development)',
      '',
      'COLLECTION  STATE     GEN              VECTORS  SHARDS×REPL  BACKENDS     BYTES/VEC',
      'docs        building  2 (serving 1)  1,234,567  3×2          faiss_ivfpq       24.0',
      'empty       exact     0                      0  ?            -                    -',
    ]);
  });

  it('names the checks that are down when the cluster is not ready', () => {
    const text = formatStatus({ ...view, health: { ready: false, status: 'error', details: { redis: { status: 'up' }, shards: { status: 'down', message: '1 shards have no live active replica' } } } });
    expect(text.split('\n')[0]).toBe('Shoal 0.1.0 at http://127.0.0.1:7700, up 3m 05s: NOT READY: shards (1 shards have no live active replica) down');
  });
});
