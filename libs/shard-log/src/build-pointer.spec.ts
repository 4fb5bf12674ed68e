import { buildPointerProblem } from './build-pointer';

describe('buildPointerProblem', () => {
  const valid = { seq: 12, files: [{ name: 'index.bin', bytes: 10 }], createdAt: '2024-01-01T00:00:00.000Z', backend: 'faiss', upload: 'a1b2c3' };

  it('accepts a complete pointer', () => {
    expect(buildPointerProblem(valid)).toBeNull();
  });

  it('names what is wrong', () => {
    expect(buildPointerProblem({ ...valid, upload: '../x' })).toBe('upload "../x" is not a plain name');
    expect(buildPointerProblem({ ...valid, upload: undefined })).toBe('upload undefined is not a plain name');
    expect(buildPointerProblem({ ...valid, seq: -1 })).toBe('seq is not a non-negative integer');
    expect(buildPointerProblem(null)).toBe('not a JSON object');
  });
});
