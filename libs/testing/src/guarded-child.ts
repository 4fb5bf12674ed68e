import { rm } from 'node:fs/promises';
import { spawn, type ChildProcess } from 'node:child_process';

/** A Node child process that exits when its stdin closes, so it never outlives the test process. */
export interface GuardedChild {
  readonly child: ChildProcess;
  /** Settles when the child exits, with its exit code (or the signal's name). */
  readonly exited: Promise<string>;
  /** The last few KB of the child's stdout and stderr, to explain a failed start. */
  output(): string;
  /** Closes stdin (the child shuts its server down and exits) and waits for the exit. */
  stop(): Promise<void>;
}

const OUTPUT_TAIL = 4096;

/**
 * Runs `script` with `node {nodeFlags} -e script -- {args}` (the `--` keeps arguments such as
 * `--port` away from node's own option parser; the script reads them from `process.argv.slice(1)`). The script must exit when stdin ends:
 * the pipe closes when the parent dies for any reason (even SIGKILL), unlike an `exit` hook.
 */
export function spawnGuarded(script: string, args: string[], nodeFlags: string[] = []): GuardedChild {
  const child = spawn(process.execPath, [...nodeFlags, '-e', script, '--', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let tail = '';
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(String(code ?? signal))));
  let stopping: Promise<void> | undefined;
  return {
    child,
    exited,
    output: () => tail.trim(),
    stop() {
      stopping ??= (async () => {
        child.stdin?.end();
        await exited;
      })();
      return stopping;
    },
  };
}

/** Stops `server`, then deletes its directory; every call returns the same promise, so stopping twice is safe. */
export function stopperFor(server: GuardedChild, dir: string): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= server.stop().then(() => rm(dir, { recursive: true, force: true })));
}
