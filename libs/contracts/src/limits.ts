/** Hard limits of the public API. Requests beyond them get a 400 (or 413 for body size) naming the limit. */
export const LIMITS = {
  /** Longest collection name; names match COLLECTION_NAME_PATTERN. */
  maxCollectionName: 63,
  maxDimension: 4096,
  maxShards: 256,
  maxReplicas: 5,
  /** Vectors per upsert request. */
  maxBatchVectors: 1000,
  /** Ids per delete request. */
  maxBatchIds: 10000,
  maxIdLength: 512,
  /** Serialized JSON size of one vector's metadata. */
  maxMetadataBytes: 16384,
  /** Nesting levels of one vector's metadata (objects and arrays); deeper is refused before any recursive walk. */
  maxMetadataDepth: 32,
  maxQueries: 100,
  maxK: 1000,
  maxNprobe: 65536,
  /** Request body size, enforced by the HTTP server (413 beyond). */
  maxBodyBytes: 64 * 1024 * 1024,
} as const;

export const COLLECTION_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
