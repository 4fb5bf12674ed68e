import { gaussianMixture } from '@shoal/datasets';
import { trainIvfPqTemplate } from './ivf-pq-template';
import { estimateRecall } from './recall-estimate';

describe('estimateRecall', () => {
  const d = 32;
  // One draw, split: the held-out queries follow the same clusters as the indexed base.
  const all = gaussianMixture({ n: 4200, d, clusters: 16, spread: 0.3, seed: 61 });
  const base = all.data.subarray(0, 4000 * d);
  const queries = all.data.subarray(4000 * d);
  const spec = { type: 'ivf_pq' as const, nlist: 16, m: 8, nbits: 8, nprobe: 4, refine: 4 };
  const options = { dimension: d, metric: 'l2' as const, index: spec };
  let template: Buffer;

  beforeAll(async () => {
    template = await trainIvfPqTemplate(options, base);
  });

  it('measures recall@k of the spec defaults against exact search, the same on every run', async () => {
    const estimate = await estimateRecall(options, template, base, queries);
    expect(estimate).toEqual({ recall: expect.any(Number), k: 10, nprobe: 4, refine: 4, queries: 200, base: 4000 });
    expect(estimate.recall).toBeGreaterThan(0.8);
    expect(estimate.recall).toBeLessThanOrEqual(1);
    expect(await estimateRecall(options, template, base, queries)).toEqual(estimate);
  });

  it('reflects the spec: no re-rank and one probe find less', async () => {
    const reranked = await estimateRecall(options, template, base, queries, 5);
    const plain = await estimateRecall({ ...options, index: { ...spec, refine: 1, nprobe: 1 } }, template, base, queries, 5);
    expect(plain).toMatchObject({ k: 5, nprobe: 1, refine: 1 });
    expect(plain.recall).toBeLessThan(reranked.recall);
    expect(plain.recall).toBeGreaterThan(0);
  });

  it('works for cosine, with the template trained on the normalised sample', async () => {
    const cosine = { ...options, metric: 'cosine' as const };
    const estimate = await estimateRecall(cosine, await trainIvfPqTemplate(cosine, base), base, queries);
    expect(estimate.recall).toBeGreaterThan(0.5);
  });

  it('refuses too small a base, no queries, and a template of another layout', async () => {
    await expect(estimateRecall(options, template, base.subarray(0, 5 * d), queries)).rejects.toThrow('base must hold at least k=10 vectors, got 5');
    await expect(estimateRecall(options, template, base, new Float32Array(0))).rejects.toThrow('queries must hold at least one vector');
    await expect(estimateRecall({ ...options, index: { ...spec, m: 4 } }, template, base, queries)).rejects.toThrow("template is a IVF16,PQ8 index, the partition's spec builds IVF16,PQ4");
  });
});
