import { ApiError, type CreateCollectionRequest } from '@shoal/contracts';

/**
 * Rules across fields that the schema cannot state. Product quantization splits each vector into
 * `m` equal sub-vectors, so `m` must divide the dimension. (`nbits` ≤ 16 is already a schema bound.)
 */
export function validateCollectionSpec(request: CreateCollectionRequest): void {
  const { index, dimension } = request;
  if (index.type === 'ivf_pq' && dimension % index.m !== 0) {
    throw ApiError.invalid('index.m', `must divide the dimension ${dimension} (got ${index.m})`, { m: index.m, dimension });
  }
}
