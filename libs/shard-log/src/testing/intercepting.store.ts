import type { GetStreamOptions, ListOptions, ObjectStat, ObjectStore } from '@shoal/storage';

/** Test support only: the write calls an {@link InterceptingStore} reports. */
export type WriteCall = 'put' | 'putIfAbsent' | 'putFile' | 'delete' | 'deletePrefix';

/**
 * Test support only: a real store with a hook before each write, to record the order of writes
 * or inject a crash (the hook throws) or a race (the hook writes first) at an exact point.
 */
export class InterceptingStore implements ObjectStore {
  readonly writes: string[] = [];

  constructor(
    private readonly inner: ObjectStore,
    private readonly beforeWrite: (call: WriteCall, key: string) => Promise<void> | void = () => undefined,
  ) {}

  get kind(): ObjectStore['kind'] {
    return this.inner.kind;
  }

  private async intercept(call: WriteCall, key: string): Promise<void> {
    await this.beforeWrite(call, key);
    this.writes.push(`${call} ${key}`);
  }

  init(): Promise<void> {
    return this.inner.init();
  }
  async put(key: string, body: Buffer | Uint8Array): Promise<void> {
    await this.intercept('put', key);
    return this.inner.put(key, body);
  }
  async putIfAbsent(key: string, body: Buffer | Uint8Array): Promise<boolean> {
    await this.intercept('putIfAbsent', key);
    return this.inner.putIfAbsent(key, body);
  }
  async putFile(key: string, path: string): Promise<void> {
    await this.intercept('putFile', key);
    return this.inner.putFile(key, path);
  }
  get(key: string): Promise<Buffer> {
    return this.inner.get(key);
  }
  getToFile(key: string, path: string): Promise<void> {
    return this.inner.getToFile(key, path);
  }
  getStream(key: string, options?: GetStreamOptions): Promise<NodeJS.ReadableStream> {
    return this.inner.getStream(key, options);
  }
  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }
  stat(key: string): Promise<ObjectStat | null> {
    return this.inner.stat(key);
  }
  list(prefix: string, options?: ListOptions): Promise<string[]> {
    return this.inner.list(prefix, options);
  }
  async delete(key: string): Promise<void> {
    await this.intercept('delete', key);
    return this.inner.delete(key);
  }
  async deletePrefix(prefix: string): Promise<number> {
    await this.intercept('deletePrefix', prefix);
    return this.inner.deletePrefix(prefix);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
}
