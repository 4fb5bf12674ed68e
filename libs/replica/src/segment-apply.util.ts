import type { LogSegment } from '@shoal/contracts';
import { EngineError, type Partition, type PartitionRecord } from '@shoal/engine';

/** A segment whose bytes cannot be applied by any replica (its payload does not match its ops). */
export class MalformedSegmentError extends Error {
  override readonly name = 'MalformedSegmentError';
}

/** A run of consecutive ops of one kind, applied with one Partition call. */
export type OpRun = { kind: 'upsert'; records: PartitionRecord[] } | { kind: 'delete'; ids: string[] };

/**
 * Splits a segment into runs of consecutive upserts and deletes, in log order. Upsert values come
 * from the float32 payload in upsert order. An id repeated inside a run starts a new run, because
 * Partition.upsert refuses duplicate ids in one batch and the later write must win.
 */
export function planSegment(segment: LogSegment): OpRun[] {
  const { dimension, values } = segment;
  const upserts = segment.ops.filter((op) => op.op === 'upsert').length;
  if (values.length !== upserts * dimension) {
    throw new MalformedSegmentError(`segment ${segment.seq} holds ${values.length} floats for ${upserts} upserts of dimension ${dimension}`);
  }
  const runs: OpRun[] = [];
  let idsInRun = new Set<string>();
  let upsertIndex = 0;
  for (const op of segment.ops) {
    let run = runs[runs.length - 1];
    if (run === undefined || run.kind !== op.op || idsInRun.has(op.id)) {
      run = op.op === 'upsert' ? { kind: 'upsert', records: [] } : { kind: 'delete', ids: [] };
      runs.push(run);
      idsInRun = new Set();
    }
    idsInRun.add(op.id);
    if (run.kind === 'delete') {
      run.ids.push(op.id);
      continue;
    }
    const record: PartitionRecord = { id: op.id, values: values.subarray(upsertIndex * dimension, (upsertIndex + 1) * dimension) };
    if (op.op === 'upsert' && op.metadata !== undefined) record.metadata = op.metadata;
    run.records.push(record);
    upsertIndex++;
  }
  return runs;
}

/**
 * True for the errors every replica raises identically for the same segment bytes (the engine
 * refusing an op, a malformed payload): such a segment is skipped by all of them alike. Any other
 * error (I/O, a bug) must stop the replay instead.
 */
export function isRefusedSegmentError(error: unknown): boolean {
  return error instanceof EngineError || error instanceof MalformedSegmentError;
}

/** Applies one segment's ops to the partition in log order. */
export async function applySegment(partition: Partition, segment: LogSegment): Promise<void> {
  for (const run of planSegment(segment)) {
    if (run.kind === 'upsert') await partition.upsert(run.records);
    else await partition.delete(run.ids);
  }
}
