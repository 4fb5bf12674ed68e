import { NAME_PATTERN } from '@shoal/storage';
import { snapshotPointerProblem, type SnapshotPointer } from './snapshot-pointer';

/**
 * Contents of `collections/{c}/generations/{g}/shards/{s}/build.json`: the shard's partition built
 * from generation `g`'s template. A build is a partition snapshot, so it has a snapshot pointer's
 * fields (`seq` is the log watermark it reflects: a replica loading it replays the log after it),
 * plus the upload holding its files. Written once, after every file.
 */
export interface BuildPointer extends SnapshotPointer {
  /** Id of the build run whose files these are, under `shards/{s}/{upload}/`. */
  upload: string;
}

/** Why `value` is not a valid build pointer, or `null` when it is one. */
export function buildPointerProblem(value: unknown): string | null {
  const problem = snapshotPointerProblem(value);
  if (problem !== null) return problem;
  const upload = (value as Record<string, unknown>)['upload'];
  return typeof upload === 'string' && NAME_PATTERN.test(upload) ? null : `upload ${JSON.stringify(upload)} is not a plain name`;
}
