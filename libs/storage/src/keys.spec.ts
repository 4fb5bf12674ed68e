import {
  assertValidCollectionName,
  buildFileKey,
  buildPointerKey,
  buildUploadPrefix,
  generationOfKey,
  generationPrefix,
  generationsPrefix,
  importKey,
  manifestKey,
  parseSegmentKey,
  segmentKey,
  segmentPrefix,
  snapshotKey,
  templateInfoKey,
  templateKey,
} from './keys';
import { isValidKey } from './object-key';
import { StorageErrorCode } from './storage.error';

describe('key layout', () => {
  it('builds every documented key', () => {
    expect(manifestKey('docs')).toBe('collections/docs/manifest.json');
    expect(segmentPrefix('docs', 3)).toBe('collections/docs/shards/3/log/');
    expect(segmentKey('docs', 3, 42)).toBe('collections/docs/shards/3/log/00000000000000000042.seg');
    expect(snapshotKey('docs', 3, 'replica-b', 'index.faiss')).toBe('collections/docs/shards/3/snapshots/replica-b/index.faiss');
    expect(generationPrefix('docs', 7)).toBe('collections/docs/generations/0000000007/');
    expect(templateInfoKey('docs', 7)).toBe('collections/docs/generations/0000000007/template.json');
    expect(templateKey('docs', 7, 'a1b2')).toBe('collections/docs/generations/0000000007/template/a1b2.faiss');
    expect(buildPointerKey('docs', 7, 3)).toBe('collections/docs/generations/0000000007/shards/3/build.json');
    expect(buildUploadPrefix('docs', 7, 3, 'a1b2')).toBe('collections/docs/generations/0000000007/shards/3/a1b2/');
    expect(buildFileKey('docs', 7, 3, 'a1b2', 'index.bin')).toBe('collections/docs/generations/0000000007/shards/3/a1b2/index.bin');
    expect(importKey('imp-1', 'sift.fvecs')).toBe('imports/imp-1/sift.fvecs');
  });

  it('produces keys the stores accept', () => {
    const keys = [
      manifestKey('a'),
      segmentKey('a', 0, Number.MAX_SAFE_INTEGER),
      snapshotKey('a', 1, 'g1', 'ids.bin'),
      templateKey('a', 9_999_999_999, 'f00d'),
      buildFileKey('a', 1, 2, 'f00d', 'vectors.f32'),
      importKey('x', 'y.npy'),
    ];
    for (const key of keys) {
      expect(isValidKey(key)).toBe(true);
    }
  });

  it('pads sequence numbers so that lexicographic order is numeric order', () => {
    const seqs = [0, 1, 9, 10, 99, 100, 12_345, Number.MAX_SAFE_INTEGER];
    const keys = seqs.map((seq) => segmentKey('c', 0, seq));
    expect([...keys].sort()).toEqual(keys);
  });

  it('reads the generation back from any key under it, and only from those', () => {
    expect(generationOfKey('docs', templateKey('docs', 12, 'u1'))).toBe(12);
    expect(generationOfKey('docs', buildFileKey('docs', 3, 0, 'u1', 'index.bin'))).toBe(3);
    expect(generationOfKey('docs', templateKey('other', 12, 'u1'))).toBeNull();
    expect(generationOfKey('docs', `${generationsPrefix('docs')}12/template.json`)).toBeNull();
    expect(generationOfKey('docs', `${generationsPrefix('docs')}00000000123`)).toBeNull();
    expect(generationOfKey('docs', manifestKey('docs'))).toBeNull();
  });

  it('parses segment keys back', () => {
    expect(parseSegmentKey(segmentKey('my_coll-2', 12, 987_654_321))).toEqual({ collection: 'my_coll-2', shard: 12, seq: 987_654_321 });
  });

  it.each([
    'collections/c/shards/0/log/1.seg',
    'collections/c/shards/01/log/00000000000000000001.seg',
    'collections/c/manifest.json',
    'collections/c/shards/0/log/99999999999999999999.seg',
  ])('refuses to parse %s', (key) => {
    expect(() => parseSegmentKey(key)).toThrow(expect.objectContaining({ code: StorageErrorCode.InvalidKey }));
  });

  it('validates collection names with the rule in the message', () => {
    for (const name of ['a', 'docs', 'my_coll-2', '0', 'x'.repeat(63)]) expect(() => assertValidCollectionName(name)).not.toThrow();
    for (const name of ['', 'Docs', '_x', '-x', 'a b', 'a/b', 'x'.repeat(64)]) {
      expect(() => manifestKey(name)).toThrow(`Invalid collection name "${name}": use 1 to 63 lowercase letters, digits, "_" or "-"`);
    }
  });

  it('rejects bad numbers and names', () => {
    expect(() => segmentKey('c', -1, 0)).toThrow('Invalid shard -1');
    expect(() => segmentKey('c', 0, 1.5)).toThrow('Invalid segment sequence number 1.5');
    expect(() => snapshotKey('c', 0, '..', 'f')).toThrow('Invalid snapshot id ".."');
    expect(() => importKey('i', 'a/b')).toThrow('Invalid import file name "a/b"');
    expect(() => templateKey('c', -1, 'u')).toThrow('Invalid generation -1');
    expect(() => templateKey('c', 1, '../x')).toThrow('Invalid template upload id "../x"');
    expect(() => buildFileKey('c', 1, 0, 'u', '.hidden')).toThrow('Invalid build file name ".hidden"');
  });
});
