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
});
