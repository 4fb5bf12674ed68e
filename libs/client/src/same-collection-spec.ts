import type { CollectionInfo, CreateCollectionRequest } from '@shoal/contracts';

/**
 * Whether an existing collection is exactly what `request` asked for: every field of the request
 * (index options included) has the same value. Fields the server adds (state, vectors…) are ignored.
 */
export function sameCollectionSpec(request: CreateCollectionRequest, existing: CollectionInfo): boolean {
  const { index, ...scalars } = request;
  const existingIndex: Record<string, unknown> = { ...existing.index };
  const existingFields: Record<string, unknown> = { ...existing };
  return (
    Object.entries(scalars).every(([field, value]) => existingFields[field] === value) &&
    existing.autoTrain === request.autoTrain &&
    Object.entries(index).every(([field, value]) => existingIndex[field] === value) &&
    Object.keys(existingIndex).length === Object.keys(index).length
  );
}
