import type { CollectionInfo } from '@shoal/contracts';
import { collectionsTable, createRequestFromArgs, describeIndex } from './collections.command';

describe('collections create arguments', () => {
  it('defaults to a flat l2 collection with one shard and one replica', () => {
    expect(createRequestFromArgs(['docs', '--dimension', '128']).request).toEqual({ name: 'docs', dimension: 128, metric: 'l2', shards: 1, replicas: 1, index: { type: 'flat' } });
  });

  it('builds an IVF-PQ spec from --nlist and --m, with only the options given', () => {
    const { request } = createRequestFromArgs(['docs', '--dimension', '784', '--metric', 'cosine', '--shards', '2', '--replicas', '2', '--nlist', '256', '--m', '56', '--refine', '10', '--auto-train', '20000']);
    expect(request).toEqual({ name: 'docs', dimension: 784, metric: 'cosine', shards: 2, replicas: 2, index: { type: 'ivf_pq', nlist: 256, m: 56, refine: 10 }, autoTrain: 20000 });
  });

  it('refuses incomplete or contradictory index flags', () => {
    expect(() => createRequestFromArgs(['docs', '--dimension', '8', '--index', 'ivf_pq', '--nlist', '4'])).toThrow('--index ivf_pq needs --nlist and --m');
    expect(() => createRequestFromArgs(['docs', '--dimension', '8', '--index', 'flat', '--m', '4'])).toThrow('--m applies to --index ivf_pq only');
    expect(() => createRequestFromArgs(['docs'])).toThrow('collections create needs --dimension');
    expect(() => createRequestFromArgs(['docs', '--dimension', '1.5'])).toThrow("--dimension must be an integer from 1 to 4096, got '1.5'");
  });
});

describe('collections formatting', () => {
  const info: CollectionInfo = { name: 'docs', dimension: 784, metric: 'l2', shards: 2, replicas: 1, index: { type: 'ivf_pq', nlist: 256, m: 56 }, state: 'ready', generation: 1, servingGeneration: 1, vectors: 60000, createdAt: '2025-01-01T00:00:00.000Z' };

  it('describes an index in one word or with its options', () => {
    expect(describeIndex({ type: 'flat' })).toBe('flat');
    expect(describeIndex(info.index)).toBe('ivf_pq nlist=256 m=56');
  });

  it('lists collections as aligned columns', () => {
    expect(collectionsTable([info, { ...info, name: 'small', index: { type: 'flat' }, state: 'exact', generation: 0, vectors: 12 }]).split('\n')).toEqual([
      'NAME   DIM  METRIC  SHARDS×REPL  INDEX                  STATE  GEN  VECTORS',
      'docs   784  l2      2×1          ivf_pq nlist=256 m=56  ready    1   60,000',
      'small  784  l2      2×1          flat                   exact    0       12',
    ]);
    expect(collectionsTable([])).toBe('(no collections)');
  });
});
