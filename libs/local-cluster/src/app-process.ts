import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
// `node --import tsx` runs the TypeScript entry point in ONE process (the tsx CLI would fork a
// child), so a kill -9 in the fault tests really kills the app.
const TSX_LOADER = ['--import', 'tsx'];

/** One Shoal app (coordinator, shard or index worker) running as a child process from its TypeScript entry point. */
export interface AppProcess {
  name: string;
  url: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `apps/{app}/src/main.ts` with `env` and waits until `/health/live` answers.
 * Its log lines go to our stderr prefixed with its name (the apps log JSON, one object a line).
 */
export async function startApp(name: string, app: 'coordinator' | 'shard' | 'worker', url: string, env: NodeJS.ProcessEnv, quiet: boolean): Promise<AppProcess> {
  const child = spawn(process.execPath, [...TSX_LOADER, join(ROOT, 'apps', app, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let recent = '';
  const forward = (chunk: Buffer) => {
    const text = chunk.toString();
    recent = (recent + text).slice(-4000);
    if (!quiet) for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start (${child.exitCode !== null ? `exit ${child.exitCode}` : 'timeout'}):\n${recent}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    url,
    child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
