import { WaitingChildrenError, WaitingError, type Job } from 'bullmq';
import type { ChildJob, JobContext } from './job-context';
import { NonRetryableJobError } from './jobs.error';
import type { AnyJobData } from './job-data';
import type { JobName } from './job-names';
import type { JobQueues } from './job-queues';

/** {@link JobContext} over a BullMQ job held by a worker under `token`. */
export class BullJobContext<D extends AnyJobData = AnyJobData> implements JobContext<D> {
  /** Set once the job left the active state on the handler's request: the worker must throw this to BullMQ. */
  private suspended?: Error;

  constructor(
    private readonly job: Job<D>,
    private readonly token: string,
    private readonly queues: JobQueues,
    readonly signal: AbortSignal,
  ) {}

  get id(): string {
    return this.job.id ?? '';
  }

  get name(): JobName {
    return this.job.name as JobName;
  }

  get data(): D {
    return this.job.data;
  }

  get attemptsMade(): number {
    return this.job.attemptsMade;
  }

  /** The BullMQ error that tells the worker this job was suspended, not failed. */
  get suspension(): Error | undefined {
    return this.suspended;
  }

  isFinalAttempt(): boolean {
    return this.job.attemptsMade + 1 >= (this.job.opts.attempts ?? 1);
  }

  async updateProgress(fraction: number): Promise<void> {
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new RangeError(`progress must be a fraction from 0 to 1, got ${fraction}`);
    await this.job.updateProgress(fraction);
  }

  async updateData(patch: Partial<D>): Promise<void> {
    await this.job.updateData({ ...this.job.data, ...patch });
  }

  async log(message: string): Promise<void> {
    await this.job.log(message);
  }

  async waitForChildren<N extends JobName>(children: readonly ChildJob<N>[], nextData: Partial<D>): Promise<never> {
    const parent = { id: this.id, queue: this.job.queueQualifiedName };
    for (const child of children) await this.queues.addChild(child, parent);
    // Before suspending: fast children may complete and wake this job before a later write lands.
    await this.updateData(nextData);
    let waiting: boolean;
    try {
      waiting = await this.job.moveToWaitingChildren(this.token);
    } catch (error) {
      // A child that failed before we got here: BullMQ refuses to suspend. Fail with its name, as
      // failParentOnFailure would have.
      const failed = (await this.job.getDependencies({ failed: { count: 10 } }).catch(() => ({ failed: [] as string[] }))).failed ?? [];
      if (failed.length === 0) throw error;
      throw new NonRetryableJobError(`child job ${failed.map((key) => key.slice(key.lastIndexOf(':') + 1)).join(', ')} failed`);
    }
    if (waiting) {
      this.suspended = new WaitingChildrenError();
    } else {
      // Every child had already completed: run again at once with the next step's data.
      await this.job.moveToWait(this.token);
      this.suspended = new WaitingError();
    }
    throw this.suspended;
  }

  async childrenResults(): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = await this.job.getChildrenValues();
    // Keys are BullMQ job keys, `{prefix}:{queue}:{id}`; ids never contain ':'.
    return Object.fromEntries(Object.entries(values).map(([key, value]) => [key.slice(key.lastIndexOf(':') + 1), value]));
  }
}
