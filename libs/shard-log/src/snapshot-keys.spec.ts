import { CLAIM_FILE, latestPointerKey, snapshotDirPrefix, snapshotFileKey, snapshotIdOf, snapshotSeqOfKey } from './snapshot-keys';

describe('snapshot keys', () => {
  it('follow the documented layout with zero-padded seqs', () => {
    expect(snapshotFileKey('docs', 3, 42, 'index.faiss')).toBe('collections/docs/shards/3/snapshots/00000000000000000042/index.faiss');
    expect(snapshotDirPrefix('docs', 3, 42)).toBe('collections/docs/shards/3/snapshots/00000000000000000042/');
    expect(latestPointerKey('docs', 3)).toBe('collections/docs/shards/3/snapshots/latest.json');
    expect(snapshotFileKey('docs', 0, 1, CLAIM_FILE)).toMatch(/\/_upload\.claim$/);
  });

  it('read a snapshot seq back only from keys inside a seq directory', () => {
    expect(snapshotSeqOfKey('docs', 3, snapshotFileKey('docs', 3, 42, 'a.bin'))).toBe(42);
    expect(snapshotSeqOfKey('docs', 3, latestPointerKey('docs', 3))).toBeNull();
    expect(snapshotSeqOfKey('docs', 3, 'collections/docs/shards/3/snapshots/gen-7/a.bin')).toBeNull();
  });

  it('refuse a seq that is not a non-negative integer', () => {
    expect(() => snapshotIdOf(-1)).toThrow(RangeError);
    expect(() => snapshotIdOf(1.5)).toThrow(RangeError);
  });
});
