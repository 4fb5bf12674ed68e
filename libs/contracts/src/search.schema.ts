import { type Static, Type } from '@sinclair/typebox';
import { LIMITS } from './limits';

export const SearchRequestSchema = Type.Object(
  {
    queries: Type.Array(Type.Array(Type.Number(), { minItems: 1, maxItems: LIMITS.maxDimension }), {
      minItems: 1,
      maxItems: LIMITS.maxQueries,
    }),
    k: Type.Integer({ minimum: 1, maximum: LIMITS.maxK }),
    nprobe: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxNprobe })),
    includeMetadata: Type.Optional(Type.Boolean()),
    /** Answer from the shards that respond instead of failing with 503 when one has no live replica. */
    allowPartial: Type.Optional(Type.Boolean()),
    /** A write's token: the search waits (within its deadline) until every shard has applied that write. */
    token: Type.Optional(Type.String({ maxLength: 8192 })),
  },
  { additionalProperties: false },
);
export type SearchRequest = Static<typeof SearchRequestSchema>;

export const SearchHitSchema = Type.Object({
  id: Type.String(),
  distance: Type.Number(),
  metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
});
export type SearchHit = Static<typeof SearchHitSchema>;

export const SearchResponseSchema = Type.Object({
  results: Type.Array(Type.Array(SearchHitSchema)),
  partial: Type.Boolean(),
  shards: Type.Object({ total: Type.Integer(), answered: Type.Integer() }),
  tookMs: Type.Number(),
});
export type SearchResponse = Static<typeof SearchResponseSchema>;
