import { decodeLogSegment, encodeLogSegment, type LogSegment } from './log-segment.codec';
import { decodeShardSearch, encodeShardSearch } from './shard-search.codec';

describe('binary frames', () => {
  const segment: LogSegment = {
    collection: 'docs',
    shard: 3,
    seq: 42,
    dimension: 3,
    ops: [
      { op: 'upsert', id: 'a', metadata: { lang: 'é' } },
      { op: 'delete', id: 'b' },
      { op: 'upsert', id: 'c' },
    ],
    values: new Float32Array([1, 2, 3, -4.5, 1e-30, 3.4e38]),
  };

  it('round-trips a log segment exactly', () => {
    expect(decodeLogSegment(encodeLogSegment(segment))).toEqual(segment);
  });

  it('decodes from an unaligned view', () => {
    const bytes = encodeLogSegment(segment);
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    expect(decodeLogSegment(shifted.subarray(1))).toEqual(segment);
  });

  it('detects corruption, truncation and the wrong frame type', () => {
    const bytes = encodeLogSegment(segment);
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] ^= 0xff;
    expect(() => decodeLogSegment(flipped)).toThrow('binary frame: checksum mismatch');
    expect(() => decodeLogSegment(bytes.subarray(0, bytes.length - 4))).toThrow('binary frame: length mismatch (truncated?)');
    expect(() => decodeShardSearch(bytes)).toThrow('binary frame: expected magic SHQS');
  });

  it('refuses a segment whose values do not match its upserts', () => {
    expect(() => encodeLogSegment({ ...segment, values: new Float32Array(3) })).toThrow('expected 2 upserts × 3');
  });

  it('round-trips a shard search request', () => {
    const request = { collection: 'docs', shard: 0, k: 10, nprobe: 8, timeoutMs: 500, nq: 2, dimension: 2, queries: new Float32Array([1, 2, 3, 4]) };
    expect(decodeShardSearch(encodeShardSearch(request))).toEqual(request);
  });
});
