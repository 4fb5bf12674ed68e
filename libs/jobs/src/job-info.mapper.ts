import type { JobInfo, JobState } from '@shoal/contracts';
import { JobName } from './job-names';

/** The fields of a stored job the public view reads: a structural subset of BullMQ's `Job`. */
export interface StoredJob {
  id?: string;
  name: string;
  data: unknown;
  progress: unknown;
  returnvalue: unknown;
  failedReason?: string;
  attemptsMade: number;
  /** Creation time, epoch milliseconds. */
  timestamp: number;
  finishedOn?: number;
}

const STATES: Readonly<Record<string, JobState>> = {
  waiting: 'waiting',
  wait: 'waiting',
  paused: 'waiting',
  prioritized: 'waiting',
  // Backing off before a retry: from the user's view it waits for its next attempt.
  delayed: 'waiting',
  active: 'active',
  // A parent whose children run is still at work, from the user's view.
  'waiting-children': 'active',
  completed: 'completed',
  failed: 'failed',
};

const JOB_NAMES: ReadonlySet<string> = new Set(Object.values(JobName));

/** The public state of a BullMQ state (or `getJobs` type); null for `unknown` (the job is gone). */
export function publicJobState(bullState: string): JobState | null {
  return STATES[bullState] ?? null;
}

/** The public view of a stored job in `bullState`; null when the state is unknown or the job is not Shoal's. */
export function toJobInfo(job: StoredJob, bullState: string): JobInfo | null {
  const state = publicJobState(bullState);
  const collection = (job.data as { collection?: unknown } | null)?.collection;
  if (state === null || job.id === undefined || !JOB_NAMES.has(job.name) || typeof collection !== 'string') return null;
  const info: JobInfo = {
    id: job.id,
    type: job.name as JobName,
    collection,
    state,
    progress: state === 'completed' ? 1 : fraction(job.progress),
    attempts: job.attemptsMade,
    createdAt: new Date(job.timestamp).toISOString(),
  };
  if (state === 'completed' && job.returnvalue !== undefined && job.returnvalue !== null) info.result = job.returnvalue;
  if (state !== 'completed' && job.failedReason) info.error = job.failedReason;
  if ((state === 'completed' || state === 'failed') && job.finishedOn) info.finishedAt = new Date(job.finishedOn).toISOString();
  return info;
}

/** Handlers report fractions; anything else (BullMQ allows objects) reads as 0. */
function fraction(progress: unknown): number {
  return typeof progress === 'number' && Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
}
