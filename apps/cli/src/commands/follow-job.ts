import type { ShoalClient } from '@shoal/client';
import type { JobInfo } from '@shoal/contracts';
import type { CliContext } from '../cli-context';
import { CliFailure } from '../cli.error';
import { ProgressReporter } from '../format/progress-reporter';

/** Longest wait for a job the CLI follows: training 1M vectors takes minutes, not hours. */
export const FOLLOW_TIMEOUT_MS = 3_600_000;

/**
 * Waits for a job with a progress bar on stderr and resolves with it once completed; a failed
 * job is a {@link CliFailure} (`JOB_FAILED`) carrying the job's own error.
 */
export async function followJob(client: ShoalClient, jobId: string, label: string, context: CliContext, timeoutMs = FOLLOW_TIMEOUT_MS): Promise<JobInfo> {
  const progress = new ProgressReporter(context.stderr, label);
  let job: JobInfo;
  try {
    job = await client.waitForJob(jobId, { timeoutMs, intervalMs: 500, onProgress: (j) => progress.update(j.progress, j.state) });
  } finally {
    progress.finish();
  }
  if (job.state === 'failed') throw new CliFailure('JOB_FAILED', `job ${jobId} failed after ${job.attempts} attempt(s): ${job.error ?? 'no reason given'}`);
  return job;
}
