import { firstNonFinite, littleEndianToHost, nonFiniteReason } from './float32-values';

describe('float32 values', () => {
  it('finds the first NaN or infinity', () => {
    expect(firstNonFinite(Float32Array.from([0, -1, 3.4e38]))).toBe(-1);
    expect(firstNonFinite(Float32Array.from([0, Number.NaN, Number.POSITIVE_INFINITY]))).toBe(1);
    expect(firstNonFinite(Float32Array.from([0, 1, Number.NEGATIVE_INFINITY]))).toBe(2);
    expect(nonFiniteReason(2, Number.NEGATIVE_INFINITY)).toBe('values[2] is -Infinity, which is not a finite float32');
  });

  it('decodes little-endian bytes read into a typed array to host order', () => {
    const values = new Float32Array(2);
    const bytes = new Uint8Array(values.buffer);
    const file = Buffer.alloc(8);
    file.writeFloatLE(1.5, 0);
    file.writeFloatLE(-2, 4);
    bytes.set(file);
    littleEndianToHost(bytes, 4);
    expect([...values]).toEqual([1.5, -2]);
  });
});
