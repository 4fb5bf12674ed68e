/**
 * Runs tasks one at a time in submission order. A partition's log applies, recovery and snapshot
 * saves share one queue, so `appliedSeq` always describes exactly what the partition holds.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not poison the ones queued after it.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has finished. */
  idle(): Promise<void> {
    return this.run(async () => undefined);
  }
}
