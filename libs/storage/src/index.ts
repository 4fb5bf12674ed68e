export { createObjectStore } from './create-object-store';
export { FilesystemObjectStore } from './fs.store';
export type { FilesystemObjectStoreOptions } from './fs-store.options';
export {
  assertValidCollectionName,
  buildFileKey,
  buildPointerKey,
  buildShardPrefix,
  buildUploadPrefix,
  collectionPrefix,
  COLLECTION_NAME_PATTERN,
  generationOfKey,
  generationPrefix,
  generationsPrefix,
  GENERATION_DIGITS,
  importKey,
  importPrefix,
  manifestKey,
  NAME_PATTERN,
  parseSegmentKey,
  SEGMENT_SEQ_DIGITS,
  segmentKey,
  segmentPrefix,
  shardPrefix,
  snapshotKey,
  snapshotPrefix,
  templateInfoKey,
  templateKey,
} from './keys';
export type { ListOptions } from './list-options';
export { assertValidKey, assertValidPrefix, isValidKey, keyProblem, MAX_KEY_BYTES, prefixProblem } from './object-key';
export type { ObjectStat } from './object-stat';
export type { GetStreamOptions, ObjectStore } from './object-store';
export type { RetryEvent } from './retry-event';
export { S3ObjectStore } from './s3.store';
export type { S3ObjectStoreOptions } from './s3-store.options';
export type { SegmentKeyParts } from './segment-key-parts';
export { OBJECTS_SUBDIRECTORY, parseStorageConfig } from './storage-config';
export type { StorageConfig } from './storage-config';
export { isStorageError, ObjectNotFoundError, StorageError, StorageErrorCode } from './storage.error';
export type { StorageErrorDetails } from './storage.error';
