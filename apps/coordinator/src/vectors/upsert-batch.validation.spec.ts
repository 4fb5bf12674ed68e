import { ApiError, LIMITS, type VectorRecord } from '@shoal/contracts';
import { validateUpsertBatch } from './upsert-batch.validation';

function messageOf(records: VectorRecord[], dimension = 3): string {
  try {
    validateUpsertBatch(records, dimension);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return error.message;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('validateUpsertBatch', () => {
  it('packs a valid batch as float32 in batch order', () => {
    const packed = validateUpsertBatch(
      [
        { id: 'a', values: [1, 2, 3], metadata: { tag: 'x' } },
        { id: 'b', values: [4, 5, 6.5] },
      ],
      3,
    );
    expect(Array.from(packed)).toEqual([1, 2, 3, 4, 5, 6.5]);
  });

  it('names the vector, its length and the dimension', () => {
    expect(messageOf([{ id: 'a', values: [1, 2, 3] }, { id: 'b', values: [1, 2] }])).toBe(
      'vectors[1].values has 2 numbers, the dimension is 3',
    );
  });

  it('refuses values float32 cannot hold', () => {
    expect(messageOf([{ id: 'a', values: [1, 1e39, 3] }])).toMatch(/^vectors\[0\]\.values\[1\] is 1e\+39, which is not a finite float32/);
    expect(messageOf([{ id: 'a', values: [1, 2, NaN] }])).toMatch(/^vectors\[0\]\.values\[2\] is NaN/);
    expect(messageOf([{ id: 'a', values: [Infinity, 2, 3] }])).toMatch(/^vectors\[0\]\.values\[0\] is Infinity/);
  });

  it('names both positions of a duplicate id', () => {
    const batch = [
      { id: 'a', values: [1, 2, 3] },
      { id: 'b', values: [1, 2, 3] },
      { id: 'a', values: [1, 2, 3] },
    ];
    expect(messageOf(batch)).toBe('vectors[2].id repeats vectors[0].id "a"; ids must be unique in a batch');
  });

  it('measures metadata as UTF-8 JSON against the limit', () => {
    const atLimit = { s: 'x'.repeat(LIMITS.maxMetadataBytes - 8) }; // {"s":"…"} adds 8 bytes
    expect(() => validateUpsertBatch([{ id: 'a', values: [1, 2, 3], metadata: atLimit }], 3)).not.toThrow();
    const over = { s: 'é'.repeat(LIMITS.maxMetadataBytes / 2) };
    expect(messageOf([{ id: 'a', values: [1, 2, 3], metadata: over }])).toBe(
      `vectors[0].metadata is ${LIMITS.maxMetadataBytes + 8} bytes of JSON, over the limit of ${LIMITS.maxMetadataBytes}`,
    );
  });

  it('refuses metadata nested deeper than the limit, however deep, without overflowing the stack', () => {
    const nest = (levels: number) => {
      let value: Record<string, unknown> = {};
      for (let i = 1; i < levels; i++) value = { a: value };
      return value;
    };
    expect(() => validateUpsertBatch([{ id: 'a', values: [1, 2], metadata: nest(LIMITS.maxMetadataDepth) }], 2)).not.toThrow();
    for (const levels of [LIMITS.maxMetadataDepth + 1, 200_000]) {
      expect(messageOf([{ id: 'a', values: [1, 2], metadata: nest(levels) }], 2)).toBe(
        `vectors[0].metadata nests deeper than ${LIMITS.maxMetadataDepth} levels`,
      );
    }
  });
});
