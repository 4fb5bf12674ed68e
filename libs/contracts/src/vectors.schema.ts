import { type Static, Type } from '@sinclair/typebox';
import { LIMITS } from './limits';

export const VectorIdSchema = Type.String({ minLength: 1, maxLength: LIMITS.maxIdLength });

export const VectorRecordSchema = Type.Object(
  {
    id: VectorIdSchema,
    values: Type.Array(Type.Number(), { minItems: 1, maxItems: LIMITS.maxDimension }),
    metadata: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);
export type VectorRecord = Static<typeof VectorRecordSchema>;

export const UpsertVectorsRequestSchema = Type.Object(
  { vectors: Type.Array(VectorRecordSchema, { minItems: 1, maxItems: LIMITS.maxBatchVectors }) },
  { additionalProperties: false },
);
export type UpsertVectorsRequest = Static<typeof UpsertVectorsRequestSchema>;

/** `token` makes a later search see this write (read-your-writes). */
export const WriteResponseSchema = Type.Object({
  upserted: Type.Optional(Type.Integer()),
  deleted: Type.Optional(Type.Integer()),
  token: Type.String(),
});
export type WriteResponse = Static<typeof WriteResponseSchema>;

export const DeleteVectorsRequestSchema = Type.Object(
  { ids: Type.Array(VectorIdSchema, { minItems: 1, maxItems: LIMITS.maxBatchIds }) },
  { additionalProperties: false },
);
export type DeleteVectorsRequest = Static<typeof DeleteVectorsRequestSchema>;
