import type { PartitionStatus } from '@shoal/contracts';
import { Gauge, type Registry } from '@shoal/metrics';

type Figure = 'vectors' | 'generation' | 'appliedSeq' | 'indexBytesPerVector';

const FIGURES: readonly { name: string; help: string; figure: Figure }[] = [
  { name: 'shoal_partition_vectors', help: 'Live vectors of a hosted partition', figure: 'vectors' },
  { name: 'shoal_partition_generation', help: 'Index generation the partition serves (0 = never trained)', figure: 'generation' },
  { name: 'shoal_partition_applied_seq', help: 'Last log sequence number the partition applied', figure: 'appliedSeq' },
  { name: 'shoal_partition_index_bytes_per_vector', help: 'Index memory per vector (codes + ids), fixed costs excluded', figure: 'indexBytesPerVector' },
];

/**
 * Per hosted partition gauges, read from `statuses()` at scrape time (reset first, so a partition
 * that went away leaves no stale series). `shoal_index_backend` is 1 for the index that really
 * answers: truth in labelling, a mock partition shows as `exact_mock` on every dashboard.
 */
export function registerPartitionGauges(registry: Registry, statuses: () => readonly PartitionStatus[]): void {
  for (const { name, help, figure } of FIGURES) {
    new Gauge({
      name,
      help,
      labelNames: ['collection', 'shard'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const status of statuses()) this.set({ collection: status.collection, shard: String(status.shard) }, status[figure]);
      },
    });
  }
  new Gauge({
    name: 'shoal_index_backend',
    help: 'Always 1; the backend label names the index that really answers each partition (exact_mock is brute force)',
    labelNames: ['backend', 'collection', 'shard'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const status of statuses()) this.set({ backend: status.backend, collection: status.collection, shard: String(status.shard) }, 1);
    },
  });
}
