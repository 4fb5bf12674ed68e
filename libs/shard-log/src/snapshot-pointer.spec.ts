import { snapshotPointerProblem } from './snapshot-pointer';

describe('snapshotPointerProblem', () => {
  const valid = { seq: 3, files: [{ name: 'a.bin', bytes: 0 }], createdAt: '2026-11-25T00:00:00Z', backend: 'exact' };

  it('accepts a well-formed pointer', () => {
    expect(snapshotPointerProblem(valid)).toBeNull();
  });

  it.each([
    ['null', null, 'not a JSON object'],
    ['a negative seq', { ...valid, seq: -1 }, 'seq'],
    ['files that are not an array', { ...valid, files: {} }, 'files'],
    ['a path as a file name', { ...valid, files: [{ name: '../etc/passwd', bytes: 1 }] }, 'not a plain file name'],
    ['a fractional size', { ...valid, files: [{ name: 'a', bytes: 1.5 }] }, 'no valid size'],
    ['a missing backend', { ...valid, backend: undefined }, 'backend'],
  ])('names the problem with %s', (_, value, problem) => {
    expect(snapshotPointerProblem(value)).toContain(problem);
  });
});
