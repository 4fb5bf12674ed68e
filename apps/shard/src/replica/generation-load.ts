import { rm } from 'node:fs/promises';
import { Partition, type EngineBackend } from '@shoal/engine';
import { applySegment, isRefusedSegmentError, readCheckpoint, type PlacedCollection, type ReplicaCheckpoint } from '@shoal/replica';
import type { GenerationStore, ShardLogReader } from '@shoal/shard-log';

export type GenerationSource = Pick<GenerationStore, 'build' | 'downloadBuild'>;

export interface LoadedGeneration {
  partition: Partition;
  /** Where the loaded partition stands in the log (the build's watermark, then replayed further). */
  checkpoint: ReplicaCheckpoint;
}

/**
 * Downloads this shard's build of `generation` into `stagingDir`, loads it, and replays the log
 * after the build's watermark until the log has nothing more. Runs beside the serving partition:
 * the caller swaps it in once it has caught up with what the serving one applied.
 */
export async function loadGeneration(
  input: { collection: PlacedCollection; shard: number; backend: EngineBackend; generations: GenerationSource; log: Pick<ShardLogReader, 'readAfter'> },
  generation: number,
  stagingDir: string,
): Promise<LoadedGeneration> {
  const { collection, shard } = input;
  const pointer = await input.generations.build(collection.name, generation, shard);
  if (pointer === null) throw new Error(`generation ${generation} of ${collection.name} has no build of shard ${shard}`);
  await rm(stagingDir, { recursive: true, force: true });
  await input.generations.downloadBuild(collection.name, generation, shard, pointer, stagingDir);
  const checkpoint = await readCheckpoint(stagingDir);
  if (checkpoint === null || checkpoint.generation !== generation || checkpoint.collectionCreatedAt !== collection.createdAt) {
    throw new Error(`the build of ${collection.name}/${shard} generation ${generation} has no matching checkpoint`);
  }
  const partition = await Partition.load(stagingDir, { backend: input.backend });
  try {
    const loaded = { partition, checkpoint };
    await replayInto(loaded, input, Number.POSITIVE_INFINITY);
    return loaded;
  } catch (error) {
    partition.dispose();
    throw error;
  }
}

/**
 * Applies the log after `loaded.checkpoint.appliedSeq` to the loaded partition until it reaches
 * `upTo` or the log ends. A segment every replica refuses is skipped here too, as the serving
 * partition skipped it; any other error stops the replay.
 */
export async function replayInto(
  loaded: LoadedGeneration,
  input: { collection: PlacedCollection; shard: number; log: Pick<ShardLogReader, 'readAfter'> },
  upTo: number,
  onRefused: (error: unknown, seq: number) => void = () => undefined,
): Promise<void> {
  while (loaded.checkpoint.appliedSeq < upTo) {
    const segments = await input.log.readAfter(input.collection.name, input.shard, loaded.checkpoint.appliedSeq);
    if (segments.length === 0) return;
    for (const segment of segments) {
      if (segment.seq !== loaded.checkpoint.appliedSeq + 1) return;
      try {
        await applySegment(loaded.partition, segment);
      } catch (error) {
        if (!isRefusedSegmentError(error)) throw error;
        onRefused(error, segment.seq);
      }
      loaded.checkpoint = { ...loaded.checkpoint, appliedSeq: segment.seq };
    }
  }
}
