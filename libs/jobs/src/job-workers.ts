import { DelayedError, UnrecoverableError, WaitingChildrenError, WaitingError, Worker, type Job } from 'bullmq';
import { untilReady, warnOnError, workerConnection } from './bull-connection';
import { BullJobContext } from './bull-job-context';
import type { JobContext } from './job-context';
import type { AnyJobData } from './job-data';
import { validateHandlers, type JobHandler } from './job-handlers';
import { JobName, QueueName } from './job-names';
import { JobQueues } from './job-queues';
import type { JobRunEvent, JobWorkersOptions } from './job-workers.options';
import { JobsError, JobsErrorCode, NonRetryableJobError } from './jobs.error';

const SHUTDOWN = 'the worker is shutting down';

type Handle = (job: JobContext) => Promise<unknown>;

/**
 * The consumer side of Shoal's jobs: one BullMQ worker per queue, dispatching each job to the
 * handler registered for its name. Lifecycle: `register` → `start` → `close`.
 */
export class JobWorkers {
  private handlers?: ReadonlyMap<string, Handle>;
  private workers: Worker[] = [];
  private queues?: JobQueues;
  private readonly running = new Set<Promise<unknown>>();
  private state: 'new' | 'started' | 'closing' = 'new';
  private closed?: Promise<void>;

  constructor(private readonly options: JobWorkersOptions) {}

  /** Binds the handlers; `INVALID_HANDLERS` unless every job name has exactly one (see validateHandlers). */
  register(handlers: readonly JobHandler[]): void {
    if (this.handlers !== undefined || this.state !== 'new') throw new JobsError(JobsErrorCode.InvalidState, 'register() may be called once, before start()');
    validateHandlers(handlers);
    // A job reaches the handler bound to its name, so its data has that handler's type.
    this.handlers = new Map(handlers.map((handler): [string, Handle] => [handler.name, (job) => handler.handle(job as never)]));
  }

  /** Connects and starts consuming every queue; resolves once the workers are connected. */
  async start(): Promise<void> {
    if (this.handlers === undefined) throw new JobsError(JobsErrorCode.InvalidState, 'register() the job handlers before start()');
    if (this.state !== 'new') throw new JobsError(JobsErrorCode.InvalidState, 'start() may be called once');
    this.state = 'started';
    const { redisUrl, prefix, concurrency = {}, lockDurationMs = 30_000, stalledIntervalMs = 30_000 } = this.options;
    this.queues = await JobQueues.connect(this.options);
    const onError = this.options.onError ?? warnOnError;
    this.workers = Object.values(QueueName).map((queue) =>
      new Worker(queue, (job: Job<AnyJobData>, token?: string, signal?: AbortSignal) => this.track(this.timed(job.name, () => this.process(job, token ?? '', signal))), {
        connection: workerConnection(redisUrl),
        prefix,
        autorun: false,
        concurrency: concurrency[queue] ?? 1,
        lockDuration: lockDurationMs,
        stalledInterval: stalledIntervalMs,
      }).on('error', onError),
    );
    try {
      await untilReady(this.workers, redisUrl, this.options.connectTimeoutMs ?? 10_000);
    } catch (error) {
      await this.queues.close();
      throw error;
    }
    for (const worker of this.workers) worker.run().catch(onError);
  }

  /**
   * Readiness probe: resolves when this instance is started and every queue's worker runs with its
   * Redis connection ready; else rejects `UNAVAILABLE` saying which is not. The connection status is
   * read, not a PING sent: a worker's connection waits out a Redis outage instead of failing, and
   * BullMQ's client interface has no PING.
   */
  async ping(): Promise<void> {
    if (this.state !== 'started') throw new JobsError(JobsErrorCode.Unavailable, `job workers are ${this.state === 'new' ? 'not started' : 'closing'}`);
    await Promise.all(
      this.workers.map(async (worker) => {
        if (!worker.isRunning()) throw new JobsError(JobsErrorCode.Unavailable, `the ${worker.name} queue worker is not running`);
        const { status } = await worker.client;
        if (status !== 'ready') throw new JobsError(JobsErrorCode.Unavailable, `the ${worker.name} queue worker's Redis connection is ${status}`);
      }),
    );
  }

  /**
   * Stops taking jobs and aborts running handlers' `signal`; waits up to `graceMs` for them (a
   * handler that throws after the abort sends its job back to waiting), then closes. Jobs still
   * running after the grace are abandoned to BullMQ's stalled-job check, which re-queues them once
   * their locks expire. `graceMs` 0 behaves like a crash, for tests.
   */
  close(graceMs = this.options.closeGraceMs ?? 10_000): Promise<void> {
    this.closed ??= this.shutdown(graceMs);
    return this.closed;
  }

  private async shutdown(graceMs: number): Promise<void> {
    this.state = 'closing';
    await Promise.all(this.workers.map((worker) => worker.pause(true)));
    for (const worker of this.workers) worker.cancelAllJobs(SHUTDOWN);
    const finished = await settlesWithin(Promise.allSettled([...this.running]), graceMs);
    // A graceful close sends QUIT and waits for its answer: during a Redis outage that never comes,
    // so a worker whose connection is down is closed by force (its jobs' locks expire on their own).
    const connected = await Promise.all(this.workers.map(async (worker) => (await worker.client).status === 'ready'));
    await Promise.all(this.workers.map((worker, i) => worker.close(!finished || !connected[i])));
    await this.queues?.close();
  }

  /** Runs one job and reports its duration and outcome to `onJobRun`. */
  private async timed(name: string, run: () => Promise<unknown>): Promise<unknown> {
    const started = performance.now();
    let outcome: JobRunEvent['outcome'] = 'completed';
    try {
      return await run();
    } catch (error) {
      outcome = this.outcomeOf(error);
      throw error;
    } finally {
      this.reportRun({ name, outcome, durationMs: performance.now() - started });
    }
  }

  /** WaitingError means "run again now": the job gave itself back when closing, else it moved to its next step. */
  private outcomeOf(error: unknown): JobRunEvent['outcome'] {
    if (error instanceof WaitingError) return this.isClosing() ? 'requeued' : 'suspended';
    return error instanceof WaitingChildrenError || error instanceof DelayedError ? 'suspended' : 'failed';
  }

  private reportRun(event: JobRunEvent): void {
    try {
      this.options.onJobRun?.(event);
    } catch (error) {
      (this.options.onError ?? warnOnError)(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private track<T>(run: Promise<T>): Promise<T> {
    this.running.add(run);
    void run.finally(() => this.running.delete(run)).catch(() => undefined);
    return run;
  }

  /** One run of a job: the handler's result, or the error that tells BullMQ what to do next. */
  private async process(job: Job<AnyJobData>, token: string, signal = new AbortController().signal): Promise<unknown> {
    const handle = this.handlers?.get(job.name);
    if (handle === undefined) throw new UnrecoverableError(`no handler for job name "${job.name}" (known: ${Object.values(JobName).join(', ')})`);
    // Fetched while closing (BullMQ may take one more job after pause): put it back untouched.
    if (this.isClosing()) return this.requeue(job, token);
    const context = new BullJobContext(job, token, this.queues as JobQueues, signal);
    let result: unknown;
    try {
      result = await handle(context);
    } catch (error) {
      if (context.suspension !== undefined) throw context.suspension;
      if (error instanceof NonRetryableJobError) throw new UnrecoverableError(error.message);
      if (signal.aborted && this.isClosing()) return this.requeue(job, token);
      throw error;
    }
    if (context.suspension !== undefined) throw context.suspension;
    return result;
  }

  private isClosing(): boolean {
    return this.state === 'closing';
  }

  /** Back to waiting without using an attempt, for another worker (or this one after a restart). */
  private async requeue(job: Job, token: string): Promise<never> {
    await job.moveToWait(token);
    throw new WaitingError();
  }
}

/** True when `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
