import { ApiError, ApiErrorCode } from '@shoal/contracts';
import { thrownBy } from '@shoal/testing';
import { FLOAT32_MAX, packFloat32Rows } from './float32-rows.util';

const apiErrorOf = (fn: () => unknown) => thrownBy(fn, ApiError);

const field = (i: number) => `queries[${i}]`;

describe('packFloat32Rows', () => {
  it('packs rows in order as float32', () => {
    expect(Array.from(packFloat32Rows([[1, 2], [3, 0.1]], 2, field))).toEqual([1, 2, 3, Math.fround(0.1)]);
  });

  it('names the row and the dimension when a length is wrong', () => {
    const error = apiErrorOf(() => packFloat32Rows([[1, 2], [1, 2, 3]], 2, field));
    expect(error.code).toBe(ApiErrorCode.InvalidArgument);
    expect(error.message).toBe('queries[1] has 3 numbers, the dimension is 2');
  });

  it.each([1e39, -1e39, Infinity, NaN])('refuses %p, which float32 cannot hold', (value) => {
    expect(apiErrorOf(() => packFloat32Rows([[0, value]], 2, field)).message).toMatch(/^queries\[0\]\[1\] is .* not a finite float32/);
  });

  it('accepts the largest float32 and values that round down to it', () => {
    expect(packFloat32Rows([[FLOAT32_MAX, -FLOAT32_MAX, 3.4028235e38]], 3, field)[2]).toBe(FLOAT32_MAX);
  });
});
