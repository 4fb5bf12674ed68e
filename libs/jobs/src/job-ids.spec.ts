import { buildShardJobId, canonicalJson, importJobId, trainJobId } from './job-ids';

const CREATED = '2026-01-02T03:04:05.678Z';

describe('job ids', () => {
  it('are readable, deterministic and free of ":" (BullMQ forbids it in custom ids)', () => {
    const train = trainJobId('docs', CREATED, 3);
    expect(train).toMatch(/^train\.docs\.[0-9a-f]{8}\.g3$/);
    expect(trainJobId('docs', CREATED, 3)).toBe(train);
    expect(buildShardJobId('docs', CREATED, 3, 7)).toBe(`${train.replace(/^train/, 'build-shard')}.s7`);
    const source = { key: 'imports/a/data.fvecs', format: 'fvecs' as const };
    expect(importJobId('docs', CREATED, source)).toMatch(/^import\.docs\.[0-9a-f]{8}\.[0-9a-f]{16}$/);
    for (const id of [train, importJobId('docs', CREATED, source)]) expect(id).not.toContain(':');
  });

  it('change with the collection incarnation, generation, shard and import parameters', () => {
    const source = { key: 'k', format: 'jsonl' as const };
    const ids = [
      trainJobId('docs', CREATED, 1),
      trainJobId('docs', '2026-01-02T03:04:05.679Z', 1),
      trainJobId('docs', CREATED, 2),
      trainJobId('other', CREATED, 1),
      buildShardJobId('docs', CREATED, 1, 0),
      buildShardJobId('docs', CREATED, 1, 1),
      importJobId('docs', CREATED, source),
      importJobId('docs', CREATED, source, 'p-'),
      importJobId('docs', CREATED, { ...source, bucket: 'data' }),
      importJobId('docs', CREATED, { ...source, format: 'npy' }),
      importJobId('docs', '2026-01-02T03:04:05.679Z', source),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('hash the import source canonically: key order and absent members do not matter', () => {
    const a = importJobId('docs', CREATED, { key: 'k', format: 'npy', bucket: undefined }, undefined);
    const b = importJobId('docs', CREATED, { format: 'npy', key: 'k' });
    expect(a).toBe(b);
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe('{"a":[2,{"c":"x"}],"b":1}');
  });

  it('refuse names and numbers that would make ambiguous ids', () => {
    expect(() => trainJobId('Bad.Name', CREATED, 1)).toThrow(RangeError);
    expect(() => trainJobId('docs', '', 1)).toThrow('collectionCreatedAt must not be empty');
    expect(() => trainJobId('docs', CREATED, -1)).toThrow('generation must be a non-negative integer, got -1');
    expect(() => buildShardJobId('docs', CREATED, 1, 1.5)).toThrow('shard must be a non-negative integer, got 1.5');
  });
});
