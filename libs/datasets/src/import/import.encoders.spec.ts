import { parseFvecs, serializeFvecs } from '../fvecs';
import { encodeFvecs, encodeJsonl, encodeNpy } from './import.encoders';
import { NUMPY_F4, NUMPY_F8, NUMPY_VALUES } from './testing/numpy-fixtures';

describe('import encoders', () => {
  it('encodeFvecs writes the TEXMEX layout', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(encodeFvecs(data, 3)).toEqual(serializeFvecs({ n: 2, d: 3, data }));
    expect(parseFvecs(encodeFvecs(data, 2))).toEqual({ n: 3, d: 2, data });
    expect(() => encodeFvecs(data, 4)).toThrow(RangeError);
  });

  it("encodeNpy writes what numpy.save writes, header padding included", () => {
    expect(encodeNpy(Float32Array.from(NUMPY_VALUES), 2, 3)).toEqual(NUMPY_F4);
    expect(encodeNpy(Float64Array.from(NUMPY_VALUES), 2, 3)).toEqual(NUMPY_F8);
    expect(encodeNpy(new Float32Array(0), 0, 7).length % 64).toBe(0);
    expect(() => encodeNpy(new Float32Array(5), 2, 3)).toThrow(RangeError);
  });

  it('encodeJsonl writes one object per line, metadata only when present', () => {
    const jsonl = encodeJsonl([
      { id: 'a', values: Float32Array.from([0.5, -1]) },
      { id: 'b', values: [1, 2], metadata: { k: 'é' } },
    ]);
    expect(jsonl.toString('utf8')).toBe('{"id":"a","values":[0.5,-1]}\n{"id":"b","values":[1,2],"metadata":{"k":"é"}}\n');
  });
});
