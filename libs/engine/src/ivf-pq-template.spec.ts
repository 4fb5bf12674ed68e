import { gaussianMixture } from '@shoal/datasets';
import { FaissIndex } from '@shoal/faiss-native';
import { trainIvfPqTemplate } from './ivf-pq-template';
import { normalizedCopy } from './vector-math.util';

const d = 16;
const spec = { type: 'ivf_pq' as const, nlist: 8, m: 4, nbits: 4 };

describe('trainIvfPqTemplate', () => {
  const sample = gaussianMixture({ n: 2000, d, clusters: 8, seed: 31 }).data;

  it('returns a trained, empty index of the spec, byte for byte the same for the same sample', async () => {
    const template = await trainIvfPqTemplate({ dimension: d, metric: 'l2', index: spec }, sample);
    const loaded = await FaissIndex.fromBuffer(template);
    expect(loaded).toMatchObject({ dimension: d, metric: 'l2', descriptor: 'IVF8,PQ4x4', nlist: 8, isTrained: true, ntotal: 0 });
    loaded.dispose();
    expect(await trainIvfPqTemplate({ dimension: d, metric: 'l2', index: spec }, sample)).toEqual(template);
  });

  it('trains a cosine template on the normalised sample, as vectors are normalised when added', async () => {
    const cosine = await trainIvfPqTemplate({ dimension: d, metric: 'cosine', index: spec }, sample);
    const onUnitVectors = await trainIvfPqTemplate({ dimension: d, metric: 'ip', index: spec }, normalizedCopy(sample, d));
    const onRawVectors = await trainIvfPqTemplate({ dimension: d, metric: 'ip', index: spec }, sample);
    expect(cosine).toEqual(onUnitVectors);
    expect(cosine).not.toEqual(onRawVectors);
  });

  it('refuses a sample too small for the spec, naming nlist, nbits and the count', async () => {
    await expect(trainIvfPqTemplate({ dimension: d, metric: 'l2', index: { ...spec, nlist: 16, nbits: 8 } }, sample.subarray(0, 100 * d))).rejects.toThrow(
      'a template needs at least 256 training vectors for nlist=16, nbits=8; the sample has 100 (Faiss recommends 9984)',
    );
  });

  it('refuses a flat spec, a bad dimension or metric and a sample of another dimension', async () => {
    const options = { dimension: d, metric: 'l2' as const, index: spec };
    await expect(trainIvfPqTemplate({ ...options, index: { type: 'flat' } as never }, sample)).rejects.toThrow('index.type must be "ivf_pq" for a template, got "flat"');
    await expect(trainIvfPqTemplate({ ...options, dimension: 0 }, sample)).rejects.toThrow('dimension must be an integer between 1 and 65536, got 0');
    await expect(trainIvfPqTemplate({ ...options, metric: 'dot' as never }, sample)).rejects.toThrow('metric must be "l2", "ip" or "cosine", got "dot"');
    await expect(trainIvfPqTemplate({ ...options, index: { ...spec, m: 3 } }, sample)).rejects.toThrow('index.m must divide the dimension 16, got 3');
    await expect(trainIvfPqTemplate(options, sample.subarray(0, 1000 * d + 3))).rejects.toThrow('sample length 16003 is not a multiple of dimension 16');
  });
});
