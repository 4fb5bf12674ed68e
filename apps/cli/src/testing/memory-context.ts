import type { CliContext, OutputStream } from '../cli-context';

/** A stream that keeps what was written, for in-process command tests. */
export class MemoryStream implements OutputStream {
  text = '';

  constructor(readonly isTTY = false) {}

  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A {@link CliContext} writing to memory; `stop()` plays the user's Ctrl-C. */
export function memoryContext(env: Record<string, string> = {}): CliContext & { stdout: MemoryStream; stderr: MemoryStream; stop(): void } {
  let stop = () => undefined as void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  return { stdout: new MemoryStream(), stderr: new MemoryStream(), env, waitForStop: () => stopped, stop: () => stop() };
}
