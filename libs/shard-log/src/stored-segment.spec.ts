import { encodeFrame, encodeLogSegment } from '@shoal/contracts';
import { ShardLogErrorCode } from './shard-log.error';
import { assertSegmentShape, decodeStoredSegment, emptySegment } from './stored-segment';

const where = { collection: 'docs', shard: 1, seq: 4, key: 'collections/docs/shards/1/log/00000000000000000004.seg' };

describe('stored segments', () => {
  it('decode back what was encoded, including the empty seal', () => {
    const sealed = emptySegment('docs', 1, 4);
    expect(decodeStoredSegment(encodeLogSegment(sealed), where)).toEqual(sealed);
  });

  it('are CORRUPT when the header does not match the values', () => {
    const lying = encodeFrame('SHLS', { collection: 'docs', shard: 1, seq: 4, dimension: 2, ops: [{ op: 'upsert', id: 'a' }] }, new Float32Array(3));
    expect(() => decodeStoredSegment(lying, where)).toThrow(expect.objectContaining({ code: ShardLogErrorCode.Corrupt, seq: 4 }));
  });

  it('shape check counts only upserts', () => {
    expect(() => assertSegmentShape({ dimension: 2, ops: [{ op: 'delete', id: 'a' }, { op: 'upsert', id: 'b' }], values: new Float32Array(2) })).not.toThrow();
    expect(() => assertSegmentShape({ dimension: 2, ops: [{ op: 'delete', id: 'a' }], values: new Float32Array(2) })).toThrow(RangeError);
  });
});
