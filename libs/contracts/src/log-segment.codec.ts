import { decodeFrame, encodeFrame } from './binary-frame.codec';

const MAGIC = 'SHLS';

export type VectorMetadata = Record<string, unknown>;

/** One write in a shard's log. Upserts carry their values in the frame's float32 payload, in order. */
export type LogOp = { op: 'upsert'; id: string; metadata?: VectorMetadata } | { op: 'delete'; id: string };

/**
 * An immutable log segment: one acknowledged write batch for one shard, stored at
 * `collections/{c}/shards/{s}/log/{seq}.seg`. Replicas apply segments in `seq` order.
 */
export interface LogSegment {
  collection: string;
  shard: number;
  seq: number;
  dimension: number;
  ops: LogOp[];
  /** nUpserts × dimension float32 values, in the order of the upsert ops. */
  values: Float32Array;
}

interface SegmentHeader {
  collection: string;
  shard: number;
  seq: number;
  dimension: number;
  ops: LogOp[];
}

export function encodeLogSegment(segment: LogSegment): Buffer {
  const { values, ...header } = segment;
  const upserts = segment.ops.filter((op) => op.op === 'upsert').length;
  if (values.length !== upserts * segment.dimension) {
    throw new Error(`segment values hold ${values.length} floats, expected ${upserts} upserts × ${segment.dimension}`);
  }
  return encodeFrame(MAGIC, header satisfies SegmentHeader, values);
}

export function decodeLogSegment(bytes: Uint8Array): LogSegment {
  const { header, payload } = decodeFrame<SegmentHeader>(MAGIC, bytes);
  return { ...header, values: payload };
}
