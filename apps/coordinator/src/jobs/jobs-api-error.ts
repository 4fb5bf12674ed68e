import { ApiError, ApiErrorCode } from '@shoal/contracts';
import { JobsError, JobsErrorCode } from '@shoal/jobs';

/** `.catch(jobsUnavailable)`: a queue that cannot be reached is a 503; anything else propagates. */
export function jobsUnavailable(error: unknown): never {
  if (error instanceof JobsError && error.code === JobsErrorCode.Unavailable) {
    throw new ApiError(ApiErrorCode.Unavailable, 'the job queue (Redis) is unavailable', { cause: error.message });
  }
  throw error;
}
