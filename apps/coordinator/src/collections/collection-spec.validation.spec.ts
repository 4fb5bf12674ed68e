import { ApiError, type CreateCollectionRequest } from '@shoal/contracts';
import { validateCollectionSpec } from './collection-spec.validation';

const base: CreateCollectionRequest = { name: 'c', dimension: 128, metric: 'l2', shards: 2, replicas: 1, index: { type: 'flat' } };

describe('validateCollectionSpec', () => {
  it('accepts flat and an ivf_pq whose m divides the dimension', () => {
    expect(() => validateCollectionSpec(base)).not.toThrow();
    expect(() => validateCollectionSpec({ ...base, index: { type: 'ivf_pq', nlist: 16, m: 16 } })).not.toThrow();
  });

  it('names index.m when it does not divide the dimension', () => {
    let error: unknown;
    try {
      validateCollectionSpec({ ...base, index: { type: 'ivf_pq', nlist: 16, m: 12 } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe('index.m must divide the dimension 128 (got 12)');
    expect((error as ApiError).details).toMatchObject({ field: 'index.m' });
  });

  it('accepts autoTrain on ivf_pq from the training minimum, and names autoTrain otherwise', () => {
    const ivf = { ...base, index: { type: 'ivf_pq' as const, nlist: 16, m: 16 } };
    expect(() => validateCollectionSpec({ ...ivf, autoTrain: 624 })).not.toThrow();
    const refusal = (request: CreateCollectionRequest) => {
      try {
        validateCollectionSpec(request);
      } catch (error) {
        return { message: (error as ApiError).message, field: (error as ApiError).details['field'] };
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ ...base, autoTrain: 1000 })).toEqual({ field: 'autoTrain', message: 'autoTrain is only allowed with an ivf_pq index (a flat index has nothing to train)' });
    expect(refusal({ ...ivf, autoTrain: 623 })).toEqual({
      field: 'autoTrain',
      message: 'autoTrain must be at least 624, the fewest vectors that train this index (max(39·nlist, 2^nbits)); got 623',
    });
  });
});
