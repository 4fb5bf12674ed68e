import type { LogSegment } from '@shoal/contracts';
import { createRng, type Rng } from '@shoal/datasets';
import type { ShardLogReader } from './shard-log.reader';
import { replayLog } from './shard-log.replay';

// Module-level aliases: the per-upsert code below is a hot loop, and global lookups are slow inside jest's vm.
const isFiniteNumber = Number.isFinite;
const floor = Math.floor;
const TWO_POW_32 = 2 ** 32;

/** Settings of {@link sampleShardLogs}. */
export interface LogSampleOptions {
  /** The collection's dimension: upserts of another dimension are skipped, as every replica refuses them. */
  dimension: number;
  /** Vectors drawn for training; fewer when the logs hold fewer upserts. */
  sampleSize: number;
  /** Vectors drawn besides, disjoint from the training ones, for the recall estimate; 0 for none. */
  heldOut: number;
  /** Seed of the draw: the same logs and seed give the same sample. */
  seed: number;
}

/** What {@link sampleShardLogs} drew. */
export interface LogSample {
  /** `trainCount` × dimension values, row-major. */
  train: Float32Array;
  trainCount: number;
  /** `heldOutCount` × dimension values, none of them a row of `train`. */
  heldOut: Float32Array;
  heldOutCount: number;
  /** Upserts the sample was drawn from, over every shard. */
  scannedUpserts: number;
  /** Per shard, the last seq read (0 for an empty log). */
  lastSeqs: number[];
}

/**
 * Draws a uniform sample of the upserted vectors of every shard's log, for training a template.
 * One reservoir (Algorithm R, seeded) runs over the upserts of all shards, so each upsert has the
 * same chance whatever the size of its shard, in O((sampleSize + heldOut) · dimension) memory.
 * The reservoir is then shuffled and split: the first `sampleSize` rows train, the next `heldOut`
 * rows are held out; when the logs hold fewer upserts, both parts shrink in proportion.
 *
 * The log holds history, not the current state: a vector later replaced or deleted can be drawn.
 * That is fine for training, which only needs vectors that follow the data's distribution. Each
 * log is read from seq 0 until `readAfter` returns nothing (the end, or a hole still young enough
 * to wait for: the sample then covers the log up to it, reported in `lastSeqs`).
 */
export async function sampleShardLogs(
  reader: Pick<ShardLogReader, 'readAfter'>,
  collection: string,
  shards: number,
  options: LogSampleOptions,
): Promise<LogSample> {
  const { dimension, sampleSize, heldOut, seed } = options;
  checkInteger('shards', shards, 1);
  checkInteger('dimension', dimension, 1);
  checkInteger('sampleSize', sampleSize, 1);
  checkInteger('heldOut', heldOut, 0);
  const reservoir = new Reservoir(sampleSize + heldOut, dimension, createRng(seed));
  const lastSeqs: number[] = [];
  for (let shard = 0; shard < shards; shard++) {
    lastSeqs.push(await replayLog(reader, collection, shard, 0, async (segment) => reservoir.offerSegment(segment)));
  }
  const rows = reservoir.shuffledRows();
  // Short of upserts, both parts shrink in proportion: a collection smaller than the sample still
  // gets its recall estimate.
  const wanted = sampleSize + heldOut;
  const heldOutCount = rows.length >= wanted ? heldOut : floor((rows.length * heldOut) / wanted);
  const trainCount = Math.min(sampleSize, rows.length - heldOutCount);
  return {
    train: reservoir.gather(rows.subarray(0, trainCount)),
    trainCount,
    heldOut: reservoir.gather(rows.subarray(trainCount, trainCount + heldOutCount)),
    heldOutCount,
    scannedUpserts: reservoir.seen,
    lastSeqs,
  };
}

/** Algorithm R over float vectors; storage grows with what was seen, up to the capacity. */
class Reservoir {
  /** Upserts offered so far. */
  seen = 0;
  private rows: Float32Array;

  constructor(
    private readonly capacity: number,
    private readonly dimension: number,
    private readonly rng: Rng,
  ) {
    this.rows = new Float32Array(Math.min(capacity, 1024) * dimension);
  }

  offerSegment(segment: LogSegment): void {
    // Replicas refuse such vectors (the engine checks the dimension and finiteness), so no
    // partition holds them; and one non-finite value would make Faiss training fail.
    if (segment.dimension !== this.dimension) return;
    const d = this.dimension;
    let upsert = 0;
    for (const op of segment.ops) {
      if (op.op !== 'upsert') continue;
      const vector = segment.values.subarray(upsert * d, ++upsert * d);
      if (isFiniteRow(vector)) this.offer(vector);
    }
  }

  /** Row indices of the filled reservoir in a random order, so any prefix is a uniform sample. */
  shuffledRows(): Int32Array {
    const n = Math.min(this.seen, this.capacity);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  gather(rows: Int32Array): Float32Array {
    const d = this.dimension;
    const out = new Float32Array(rows.length * d);
    rows.forEach((row, i) => out.set(this.rows.subarray(row * d, (row + 1) * d), i * d));
    return out;
  }

  private offer(vector: Float32Array): void {
    const slot = this.seen < this.capacity ? this.seen : randomBelow(this.rng, this.seen + 1);
    this.seen++;
    if (slot >= this.capacity) return;
    if ((slot + 1) * this.dimension > this.rows.length) this.grow();
    this.rows.set(vector, slot * this.dimension);
  }

  private grow(): void {
    const rows = new Float32Array(Math.min(this.capacity, 2 * (this.rows.length / this.dimension)) * this.dimension);
    rows.set(this.rows);
    this.rows = rows;
  }
}

/** Uniform integer in [0, n): exact up to 2^32 (`Rng.int`), with 53 bits of resolution beyond (logs of billions of upserts). */
function randomBelow(rng: Rng, n: number): number {
  return n <= TWO_POW_32 ? rng.int(n) : floor((rng.next() + rng.next() / TWO_POW_32) * n);
}

function isFiniteRow(vector: Float32Array): boolean {
  for (let i = 0; i < vector.length; i++) if (!isFiniteNumber(vector[i])) return false;
  return true;
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
}
