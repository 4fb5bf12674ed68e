export { bullPrefix, JobName, QUEUE_OF, QueueName } from './job-names';
export type { AnyJobData, BuildShardJobData, ImportJobData, ImportSource, JobDataOf, TrainJobData } from './job-data';
export { buildShardJobId, canonicalJson, importJobId, trainJobId } from './job-ids';
export { JobsError, JobsErrorCode, NonRetryableJobError } from './jobs.error';
export { publicJobState, toJobInfo } from './job-info.mapper';
export type { StoredJob } from './job-info.mapper';
export type { ChildJob, JobContext } from './job-context';
export { validateHandlers } from './job-handlers';
export type { JobHandler, JobHandlerOf } from './job-handlers';
export { JobQueues } from './job-queues';
export type { JobParent } from './job-queues';
export type { JobQueuesOptions } from './job-queues.options';
export { JobWorkers } from './job-workers';
export type { JobRunEvent, JobWorkersOptions } from './job-workers.options';
export {
  DEFAULT_POINTS_PER_CENTROID,
  estimateTrainingBytes,
  KMEANS_MEMORY_FACTOR,
  MAX_DEFAULT_SAMPLE,
  MIN_POINTS_PER_CENTROID,
  requiredTrainingVectors,
  trainingPreflight,
} from './training-preflight';
export type { TrainableIndex, TrainingPlan, TrainingPreflight, TrainingPreflightInput, TrainingProblem } from './training-preflight';
