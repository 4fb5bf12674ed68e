import { type Static, Type } from '@sinclair/typebox';
import { COLLECTION_NAME_PATTERN, LIMITS } from './limits';
import { StringEnum } from './string-enum';

export const MetricSchema = StringEnum(['l2', 'ip', 'cosine'], {
  description: 'l2 = squared euclidean distance; ip = negated inner product; cosine = 1 - cosine similarity. Lower is better.',
});
export type Metric = Static<typeof MetricSchema>;

export const FlatIndexSchema = Type.Object({ type: Type.Literal('flat') }, { additionalProperties: false });

export const IvfPqIndexSchema = Type.Object(
  {
    type: Type.Literal('ivf_pq'),
    nlist: Type.Integer({ minimum: 1, maximum: 1 << 20, description: 'coarse clusters; about 4·sqrt(n)' }),
    m: Type.Integer({ minimum: 1, maximum: LIMITS.maxDimension, description: 'PQ sub-quantizers; must divide the dimension' }),
    nbits: Type.Optional(Type.Integer({ minimum: 1, maximum: 16, default: 8 })),
    refine: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1, description: 're-rank k·refine candidates exactly' })),
    nprobe: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxNprobe, description: 'default probes per query' })),
    coarse: Type.Optional(StringEnum(['flat', 'hnsw'], { default: 'flat' })),
  },
  { additionalProperties: false },
);

/** `type` picks the branch, so a validation error names the right fields. */
export const IndexSpecSchema = Type.Unsafe<Static<typeof FlatIndexSchema> | Static<typeof IvfPqIndexSchema>>({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: [FlatIndexSchema, IvfPqIndexSchema],
});
export type IndexSpecDto = Static<typeof IndexSpecSchema>;

export const CreateCollectionRequestSchema = Type.Object(
  {
    name: Type.String({ pattern: COLLECTION_NAME_PATTERN, description: 'lower-case letters, digits, _ and -' }),
    dimension: Type.Integer({ minimum: 1, maximum: LIMITS.maxDimension }),
    metric: MetricSchema,
    shards: Type.Integer({ minimum: 1, maximum: LIMITS.maxShards }),
    replicas: Type.Integer({ minimum: 1, maximum: LIMITS.maxReplicas }),
    index: IndexSpecSchema,
    autoTrain: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: 'train automatically once the collection holds this many vectors; IVF-PQ only, at least max(39·nlist, 2^nbits)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateCollectionRequest = Static<typeof CreateCollectionRequestSchema>;

/**
 * exact: answered by exact search (flat collections, or IVF-PQ before its first training);
 * training / building: a new generation is being made; ready: served by the trained index.
 */
export const CollectionStateSchema = StringEnum(['exact', 'training', 'building', 'ready']);
export type CollectionState = Static<typeof CollectionStateSchema>;

export const CollectionInfoSchema = Type.Object({
  name: Type.String(),
  dimension: Type.Integer(),
  metric: MetricSchema,
  shards: Type.Integer(),
  replicas: Type.Integer(),
  index: IndexSpecSchema,
  state: CollectionStateSchema,
  generation: Type.Integer({ description: '0 until the first training' }),
  vectors: Type.Integer({ description: 'live vectors, summed over shards (one replica each)' }),
  servingGeneration: Type.Integer({ description: 'the oldest generation a live replica still serves; equals generation once every replica swapped' }),
  createdAt: Type.String({ format: 'date-time' }),
  autoTrain: Type.Optional(Type.Integer({ description: 'vectors at which the first training starts by itself' })),
  pending: Type.Optional(
    Type.Object(
      { generation: Type.Integer(), jobId: Type.String() },
      { description: 'while training or building: the generation being made and the job making it (GET /v1/jobs/{jobId})' },
    ),
  ),
});
export type CollectionInfo = Static<typeof CollectionInfoSchema>;
