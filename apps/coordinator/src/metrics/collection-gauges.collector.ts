import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CollectionInfo } from '@shoal/contracts';
import { Gauge, Registry } from '@shoal/metrics';
import { CollectionsService } from '../collections/collections.service';

type Figure = 'vectors' | 'generation' | 'servingGeneration';

const FIGURES: readonly { name: string; help: string; figure: Figure }[] = [
  { name: 'shoal_collection_vectors', help: 'Live vectors of a collection (per shard, the best live replica), from heartbeats', figure: 'vectors' },
  { name: 'shoal_collection_generation', help: 'Index generation of a collection manifest (0 until the first training)', figure: 'generation' },
  { name: 'shoal_collection_serving_generation', help: 'Oldest index generation a live replica of the collection still serves', figure: 'servingGeneration' },
];

/**
 * Per collection gauges, read at scrape time from the manifests and fresh heartbeats (what
 * GET /v1/collections answers). One read serves every gauge of a scrape. When Redis cannot answer
 * the gauges are left empty and the scrape still succeeds: HTTP and RPC metrics matter most then.
 */
@Injectable()
export class CollectionGaugesCollector {
  private readonly logger = new Logger('CollectionGauges');
  private pending?: Promise<CollectionInfo[]>;

  constructor(@Inject(Registry) registry: Registry, @Inject(CollectionsService) private readonly collections: CollectionsService) {
    const read = () => this.read();
    for (const { name, help, figure } of FIGURES) {
      new Gauge({
        name,
        help,
        labelNames: ['collection'] as const,
        registers: [registry],
        async collect() {
          const infos = await read();
          this.reset();
          for (const info of infos) this.set({ collection: info.name }, info[figure]);
        },
      });
    }
  }

  /** The collections once per scrape: gauges collected concurrently share the read in flight. */
  private read(): Promise<CollectionInfo[]> {
    this.pending ??= this.collections
      .list()
      .catch((error: unknown) => {
        this.logger.warn(`collection gauges left empty: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}
