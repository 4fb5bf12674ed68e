import type { JobContext } from './job-context';
import type { JobDataOf } from './job-data';
import { JobName } from './job-names';
import { JobsError, JobsErrorCode } from './jobs.error';

/** Runs jobs named `N`; what it resolves is the job's result (stored as JSON). */
export interface JobHandlerOf<N extends JobName> {
  name: N;
  handle(job: JobContext<JobDataOf<N>>): Promise<unknown>;
}

/** A handler of any job name; `name` types the handler's context. */
export type JobHandler = { [N in JobName]: JobHandlerOf<N> }[JobName];

/**
 * Throws `INVALID_HANDLERS` unless every job name has exactly one handler, naming every missing,
 * duplicated and unknown name at once: a worker that could not run some job fails at start-up,
 * not when such a job arrives.
 */
export function validateHandlers(handlers: readonly { name: string }[]): void {
  const counts = new Map<string, number>();
  for (const { name } of handlers) counts.set(name, (counts.get(name) ?? 0) + 1);
  const known: readonly string[] = Object.values(JobName);
  const missing = known.filter((name) => !counts.has(name));
  const duplicated = [...counts].filter(([name, count]) => count > 1 && known.includes(name)).map(([name, count]) => `${name} (${count} handlers)`);
  const unknown = [...counts.keys()].filter((name) => !known.includes(name));
  const problems = [
    missing.length > 0 ? `no handler for ${missing.join(', ')}` : '',
    duplicated.length > 0 ? `more than one handler for ${duplicated.join(', ')}` : '',
    unknown.length > 0 ? `handlers for unknown job names ${unknown.join(', ')} (known: ${known.join(', ')})` : '',
  ].filter((problem) => problem !== '');
  if (problems.length > 0) throw new JobsError(JobsErrorCode.InvalidHandlers, `invalid job handlers: ${problems.join('; ')}`);
}
