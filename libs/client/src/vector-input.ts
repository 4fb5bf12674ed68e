import type { SearchRequest, VectorRecord } from '@shoal/contracts';

/** A vector to upsert: like the wire's {@link VectorRecord}, but `values` may be any array-like (a Float32Array row). */
export type VectorInput = Omit<VectorRecord, 'values'> & { values: ArrayLike<number> };

/** A search request whose queries may be array-likes (Float32Array rows). */
export type SearchInput = Omit<SearchRequest, 'queries'> & { queries: readonly ArrayLike<number>[] };

/** JSON cannot carry typed arrays (they serialize as objects): copy them into plain arrays. */
export function plainValues(values: ArrayLike<number>): number[] {
  return Array.isArray(values) ? values : Array.from(values);
}

export function toVectorRecords(vectors: readonly VectorInput[]): VectorRecord[] {
  return vectors.map((vector) => ({ ...vector, values: plainValues(vector.values) }));
}

export function toSearchRequest(input: SearchInput): SearchRequest {
  return { ...input, queries: input.queries.map(plainValues) };
}
