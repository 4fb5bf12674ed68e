// Asking for Faiss when the addon cannot load is an error at creation naming the cause:
// never a silent fallback to the exact mock.
describe('Faiss backend unavailable', () => {
  const saved = process.env.SHOAL_FAISS_ADDON;
  afterEach(() => {
    if (saved === undefined) delete process.env.SHOAL_FAISS_ADDON;
    else process.env.SHOAL_FAISS_ADDON = saved;
  });

  it('fails at creation with the reason, and the mock still works', () => {
    process.env.SHOAL_FAISS_ADDON = '/nonexistent/shoal_faiss.node';
    jest.isolateModules(() => {
      const engine = require('./index') as typeof import('./index');
      const spec = { dimension: 8, metric: 'l2' as const, index: { type: 'ivf_pq' as const, nlist: 4, m: 2 } };
      expect(() => engine.Partition.create({ ...spec, backend: 'faiss' })).toThrow(
        'the Faiss backend was requested but cannot load: Faiss addon not found at /nonexistent/shoal_faiss.node: ' +
          'run `npm run build:native` (needs `apt-get install libfaiss-dev libopenblas-dev`)',
      );
      expect(() => engine.Partition.create({ ...spec, index: { type: 'flat' }, backend: 'faiss' })).toThrow('cannot load');
      const mock = engine.Partition.create({ ...spec, backend: 'mock' });
      expect(mock.describe().backend).toBe('exact_mock');
    });
  });

  it('refuses to train a template, which only Faiss can: the mock has nothing to train', async () => {
    process.env.SHOAL_FAISS_ADDON = '/nonexistent/shoal_faiss.node';
    let engine: typeof import('./index') | undefined;
    jest.isolateModules(() => {
      engine = require('./index') as typeof import('./index');
    });
    const options = { dimension: 8, metric: 'l2' as const, index: { type: 'ivf_pq' as const, nlist: 4, m: 2, nbits: 4 } };
    await expect(engine?.trainIvfPqTemplate(options, new Float32Array(16 * 8))).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message:
        'training an IVF-PQ template needs the Faiss backend (the mock backend is exact brute force and has nothing to train): ' +
        'the Faiss backend was requested but cannot load: Faiss addon not found at /nonexistent/shoal_faiss.node: ' +
        'run `npm run build:native` (needs `apt-get install libfaiss-dev libopenblas-dev`)',
    });
  });
});
