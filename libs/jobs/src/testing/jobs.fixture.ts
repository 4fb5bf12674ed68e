import { randomUUID } from 'node:crypto';
import type { JobInfo } from '@shoal/contracts';
import { waitFor } from '@shoal/testing';
import type { JobContext } from '../job-context';
import type { BuildShardJobData, ImportJobData, TrainJobData } from '../job-data';
import type { JobHandler } from '../job-handlers';
import { JobName } from '../job-names';
import type { JobQueues } from '../job-queues';

/** Test support only: a BullMQ prefix no other test (or cluster) uses. */
export function uniqueBullPrefix(): string {
  return `jobs-spec-${randomUUID().slice(0, 8)}:bull`;
}

export const CREATED_AT = '2026-01-02T03:04:05.678Z';

export function importData(collection = 'docs', key = 'imports/a/data.jsonl'): ImportJobData {
  return { collection, collectionCreatedAt: CREATED_AT, source: { key, format: 'jsonl' } };
}

export function trainData(collection = 'docs', generation = 1): TrainJobData {
  return { collection, collectionCreatedAt: CREATED_AT, generation, step: 'train' };
}

type Handlers = {
  train?: (job: JobContext<TrainJobData>) => Promise<unknown>;
  buildShard?: (job: JobContext<BuildShardJobData>) => Promise<unknown>;
  import?: (job: JobContext<ImportJobData>) => Promise<unknown>;
};

const unexpected = (job: JobContext) => Promise.reject(new Error(`no ${job.name} job expected in this test`));

/** Test support only: one handler per job name, those not given failing the job. */
export function handlers(given: Handlers): JobHandler[] {
  return [
    { name: JobName.Train, handle: given.train ?? unexpected },
    { name: JobName.BuildShard, handle: given.buildShard ?? unexpected },
    { name: JobName.Import, handle: given.import ?? unexpected },
  ];
}

/** Test support only: waits until the job reaches `state`, and returns it. */
export async function untilState(queues: JobQueues, id: string, state: JobInfo['state'], timeoutMs = 10_000): Promise<JobInfo> {
  let info: JobInfo | null = null;
  await waitFor(async () => (info = await queues.get(id))?.state === state, { timeoutMs, description: `job ${id} ${state} (last seen: ${JSON.stringify(info)})` });
  return info as unknown as JobInfo;
}

/** Test support only: a promise with its resolve function, to hold a handler until the test lets it go. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
