import { Inject, Injectable } from '@nestjs/common';
import { upsertBatchesByShard } from '@shoal/cluster';
import { ClusterStateRepository } from '@shoal/cluster-state';
import { ImportFormatError, readImportBatches, type ImportBatch } from '@shoal/datasets';
import { NonRetryableJobError, type ImportJobData, type JobContext } from '@shoal/jobs';
import { ShardLogWriter } from '@shoal/shard-log';
import type { ObjectStore } from '@shoal/storage';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config/worker.config';
import { OBJECT_STORE, WORKER_CONFIG, WORKER_LOGGER } from '../worker.tokens';
import { importSourceStore } from './import-source';

/** What a completed import reports. */
export interface ImportResult {
  records: number;
  bytes: number;
  seconds: number;
  vectorsPerSecond: number;
  /** True when this run continued from an offset a previous (interrupted) run committed. */
  resumed: boolean;
}

/**
 * A bulk import: streams the object, validates each batch whole, routes its records by id and
 * appends one log segment per shard, then commits the batch's end offset in the job's data. A
 * worker that dies mid-way leaves the job to another (BullMQ's stalled-job check), which resumes at
 * the committed offset; a batch appended but not committed is appended again, which upserts by id
 * make harmless. A malformed record fails the job with its offset; batches before it stay applied.
 */
@Injectable()
export class ImportHandler {
  private readonly writer: ShardLogWriter;

  constructor(
    @Inject(ClusterStateRepository) private readonly repo: ClusterStateRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_LOGGER) private readonly logger: Logger,
  ) {
    this.writer = new ShardLogWriter(store, (collection, shard) => repo.nextSeq(collection, shard));
  }

  async handle(job: JobContext<ImportJobData>): Promise<ImportResult> {
    const { collection, source, idPrefix } = job.data;
    const manifest = await this.repo.getCollection(collection);
    if (manifest === null || manifest.createdAt !== job.data.collectionCreatedAt) throw new NonRetryableJobError(`collection ${collection} was deleted after the import was queued`);
    const store = importSourceStore(this.store, this.config.storage, source);
    const stat = await store.stat(source.key);
    if (stat === null) throw new NonRetryableJobError(`source.key "${source.key}" does not exist`);
    const startOffset = job.data.committedOffset ?? 0;
    const startRecords = job.data.committedRecords ?? 0;
    let records = startRecords;
    const started = performance.now();
    const logger = this.logger.child({ collection, job: job.id });
    if (startOffset > 0) logger.info({ startOffset, records }, 'resuming the import after the last committed batch');
    const batches = readImportBatches((start) => store.getStream(source.key, { start }), {
      format: source.format,
      dimension: manifest.dimension,
      idPrefix,
      startOffset,
      startRecord: records,
      batchSize: this.config.imports.batchSize,
    });
    try {
      for await (const batch of batches) {
        await this.append(collection, manifest.dimension, manifest.shards, batch);
        records += batch.records.length;
        await job.updateData({ committedOffset: batch.endOffset, committedRecords: records });
        await job.updateProgress(stat.size === 0 ? 1 : batch.endOffset / stat.size);
      }
    } catch (error) {
      if (error instanceof ImportFormatError) throw new NonRetryableJobError(`${error.message}; ${records} records before it were imported`);
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    const imported = records - startRecords;
    logger.info({ records, seconds }, 'import completed');
    return { records, bytes: stat.size, seconds, vectorsPerSecond: seconds > 0 ? imported / seconds : 0, resumed: startOffset > 0 };
  }

  /** One segment per shard, in parallel; replicas are told by event (they also poll the log). */
  private async append(collection: string, dimension: number, shards: number, batch: ImportBatch): Promise<void> {
    const routed = upsertBatchesByShard(batch.records, (i) => batch.records[i].values, dimension, shards);
    await Promise.all(
      routed.map(async ({ shard, ops, values }) => {
        const { seq } = await this.writer.append({ collection, shard, dimension, ops, values });
        await this.repo.publish({ type: 'segment-written', collection, shard, seq }).catch((error: unknown) => this.logger.debug({ err: error }, 'segment-written event not published'));
      }),
    );
  }
}
