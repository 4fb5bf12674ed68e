import { estimateTrainingBytes, requiredTrainingVectors, trainingPreflight, type TrainingPreflightInput } from './training-preflight';

const GiB = 2 ** 30;
const base: TrainingPreflightInput = { dimension: 128, index: { type: 'ivf_pq', nlist: 1024, m: 16 }, vectors: 1_000_000, maxTrainBytes: 8 * GiB };

describe('trainingPreflight', () => {
  it('needs max(39·nlist, 2^nbits) vectors', () => {
    expect(requiredTrainingVectors({ type: 'ivf_pq', nlist: 1024, m: 16 })).toBe(39 * 1024);
    expect(requiredTrainingVectors({ type: 'ivf_pq', nlist: 4, m: 16 })).toBe(256);
    expect(requiredTrainingVectors({ type: 'ivf_pq', nlist: 4, m: 16, nbits: 12 })).toBe(4096);
  });

  it('resolves the default sample: min(vectors, 256·nlist, 1 000 000), at least the minimum', () => {
    expect(trainingPreflight(base)).toEqual({
      ok: true,
      plan: { sampleSize: 256 * 1024, requiredVectors: 39 * 1024, estimatedBytes: estimateTrainingBytes(128, base.index, 256 * 1024) },
    });
    const plan = (input: Partial<TrainingPreflightInput>) => {
      const result = trainingPreflight({ ...base, ...input });
      if (!result.ok) throw new Error(JSON.stringify(result.problems));
      return result.plan.sampleSize;
    };
    expect(plan({ vectors: 50_000 })).toBe(50_000);
    expect(plan({ index: { type: 'ivf_pq', nlist: 8192, m: 16 }, vectors: 5_000_000 })).toBe(1_000_000);
    // 39·nlist above the cap: the minimum wins.
    expect(plan({ index: { type: 'ivf_pq', nlist: 65_536, m: 16 }, vectors: 5_000_000, maxTrainBytes: 64 * GiB })).toBe(39 * 65_536);
    expect(plan({ sampleSize: 40_000 })).toBe(40_000);
  });

  it('estimates (sample + nlist + 2^nbits)·d floats, twice for k-means buffers', () => {
    expect(estimateTrainingBytes(128, { type: 'ivf_pq', nlist: 1024, m: 16, nbits: 8 }, 100_000)).toBe((100_000 + 1024 + 256) * 128 * 4 * 2);
  });

  it('reports every problem at once, each naming the field and the rule', () => {
    const result = trainingPreflight({ dimension: 100, index: { type: 'ivf_pq', nlist: 100, m: 16 }, vectors: 1000, sampleSize: 2000, maxTrainBytes: GiB });
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'index.m', rule: 'must divide the dimension 100 (got 16)' },
        { field: 'vectors', rule: expect.stringContaining('must be at least 3900 to train: Faiss wants at least 39 training points per centroid') },
        { field: 'sampleSize', rule: 'must be at least 3900, the fewest vectors that train this index (got 2000)' },
      ],
    });
    if (!result.ok) expect(result.problems[1].rule).toMatch(/39 × nlist 100 = 3900.*the collection holds 1000$/);
  });

  it('refuses a sample larger than the collection', () => {
    expect(trainingPreflight({ ...base, vectors: 50_000, sampleSize: 60_000 })).toEqual({
      ok: false,
      problems: [{ field: 'sampleSize', rule: 'must not exceed the 50000 vectors the collection holds (got 60000)' }],
    });
  });

  it('refuses a sample over the memory limit and says which sample fits', () => {
    const maxTrainBytes = estimateTrainingBytes(128, base.index, 100_000);
    const result = trainingPreflight({ ...base, maxTrainBytes });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ field: 'sampleSize', rule: expect.stringMatching(/^262144 needs about \d+ bytes of training memory, over the limit of \d+ bytes; sampleSize 100000 or fewer fits$/) }]);
    const tiny = trainingPreflight({ ...base, maxTrainBytes: 1024 });
    expect(!tiny.ok && tiny.problems[0].rule).toMatch(/no sample large enough to train this index fits: lower nlist$/);
  });
});
