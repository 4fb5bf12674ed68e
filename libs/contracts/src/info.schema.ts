import { type Static, Type } from '@sinclair/typebox';
import { CollectionStateSchema, IndexSpecSchema } from './collection.schema';

/** One collection in `GET /v1/info`: its spec, and what the replicas' heartbeats say really serves it. */
export const CollectionSummarySchema = Type.Object({
  name: Type.String(),
  index: IndexSpecSchema,
  state: CollectionStateSchema,
  generation: Type.Integer({ description: '0 until the first training' }),
  servingGeneration: Type.Integer({ description: 'the oldest generation a live replica still serves' }),
  vectors: Type.Integer({ description: 'live vectors, summed over shards (one replica each)' }),
  bytesPerVector: Type.Union([Type.Number(), Type.Null()], {
    description: 'mean index bytes per vector (codes + ids) over live replicas holding vectors; null when none reports it',
  }),
  backends: Type.Array(Type.String(), {
    description: 'the indexes that really answer its live replicas, sorted: faiss_ivfpq, faiss_flat or exact_mock (brute force)',
  }),
});
export type CollectionSummary = Static<typeof CollectionSummarySchema>;

/** `GET /v1/info`: what runs, measured from heartbeats rather than configured. */
export const ClusterInfoSchema = Type.Object({
  version: Type.String({ description: 'the Shoal release (workspace package.json)' }),
  uptimeSeconds: Type.Number({ description: 'since this coordinator started' }),
  backends: Type.Record(Type.String(), Type.Integer(), {
    description: 'live partition replicas per backend that really answers them; "unknown" for workers too old to report it',
  }),
  collections: Type.Array(CollectionSummarySchema),
});
export type ClusterInfo = Static<typeof ClusterInfoSchema>;
