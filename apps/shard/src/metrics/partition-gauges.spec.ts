import type { PartitionStatus } from '@shoal/contracts';
import { parsePrometheusText, Registry } from '@shoal/metrics';
import { registerPartitionGauges } from './partition-gauges';

const status = (collection: string, shard: number, backend: string, vectors: number): PartitionStatus => ({
  collection,
  shard,
  appliedSeq: 7,
  vectors,
  backend,
  exact: backend === 'exact_mock',
  state: 'active',
  generation: 2,
  indexBytesPerVector: 24,
});

describe('registerPartitionGauges', () => {
  it('exports every hosted partition at scrape time, and forgets the ones gone', async () => {
    const registry = new Registry();
    let hosted = [status('docs', 0, 'exact_mock', 40), status('img', 1, 'faiss_ivfpq', 9)];
    registerPartitionGauges(registry, () => hosted);
    const samples = parsePrometheusText(await registry.metrics());
    expect(samples).toEqual(
      expect.arrayContaining([
        { name: 'shoal_partition_vectors', labels: { collection: 'docs', shard: '0' }, value: 40 },
        { name: 'shoal_partition_generation', labels: { collection: 'img', shard: '1' }, value: 2 },
        { name: 'shoal_partition_applied_seq', labels: { collection: 'docs', shard: '0' }, value: 7 },
        { name: 'shoal_partition_index_bytes_per_vector', labels: { collection: 'docs', shard: '0' }, value: 24 },
        { name: 'shoal_index_backend', labels: { backend: 'exact_mock', collection: 'docs', shard: '0' }, value: 1 },
        { name: 'shoal_index_backend', labels: { backend: 'faiss_ivfpq', collection: 'img', shard: '1' }, value: 1 },
      ]),
    );
    hosted = [status('img', 1, 'faiss_ivfpq', 9)];
    const after = parsePrometheusText(await registry.metrics());
    expect(after.filter((s) => s.labels.collection === 'docs')).toEqual([]);
  });
});
