import { ApiError, type CreateCollectionRequest } from '@shoal/contracts';
import { requiredTrainingVectors } from '@shoal/jobs';

/**
 * Rules across fields that the schema cannot state. Product quantization splits each vector into
 * `m` equal sub-vectors, so `m` must divide the dimension. (`nbits` ≤ 16 is already a schema bound.)
 * `autoTrain` needs something to train, and at least the vectors training needs.
 */
export function validateCollectionSpec(request: CreateCollectionRequest): void {
  const { index, dimension } = request;
  if (index.type === 'ivf_pq' && dimension % index.m !== 0) {
    throw ApiError.invalid('index.m', `must divide the dimension ${dimension} (got ${index.m})`, { m: index.m, dimension });
  }
  const { autoTrain } = request;
  if (autoTrain === undefined) return;
  if (index.type !== 'ivf_pq') throw ApiError.invalid('autoTrain', 'is only allowed with an ivf_pq index (a flat index has nothing to train)', { autoTrain });
  const required = requiredTrainingVectors(index);
  if (autoTrain < required) {
    throw ApiError.invalid('autoTrain', `must be at least ${required}, the fewest vectors that train this index (max(39·nlist, 2^nbits)); got ${autoTrain}`, {
      autoTrain,
      required,
    });
  }
}
