import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { waitUntilRedisAnswers } from '@shoal/process-utils';

/** A private redis-server for the local cluster. It persists (AOF) under `dir`, so a restart keeps the cluster state. */
export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedRedis(dir: string, port: number): Promise<EmbeddedRedis> {
  await mkdir(dir, { recursive: true });
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no'];
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.on('error', (error) => {
    stderr += `cannot run redis-server (apt-get install redis-server): ${error.message}`;
  });
  const outcome = await waitUntilRedisAnswers({ port, timeoutMs: 10_000, exited: () => child.exitCode !== null, intervalMs: 50 });
  if (outcome !== 'answered') {
    child.kill('SIGKILL');
    throw new Error(`embedded redis-server did not start on port ${port}: ${stderr.trim() || 'timeout'}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
