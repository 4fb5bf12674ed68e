import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type ComposeService } from './compose-file';
import { parseDockerfile, stageEnv, type Dockerfile, type Stage } from './dockerfile.parser';

export type AppName = 'coordinator' | 'shard' | 'worker';
export const APPS: readonly AppName[] = ['coordinator', 'shard', 'worker'];

/** Where each app listens, by the variable names its config code reads. */
export const LISTEN_VARS: Record<AppName, { host: string; port: string }> = {
  coordinator: { host: 'SHOAL_HOST', port: 'SHOAL_PORT' },
  shard: { host: 'SHOAL_SHARD_HOST', port: 'SHOAL_SHARD_PORT' },
  worker: { host: 'SHOAL_WORKER_HOST', port: 'SHOAL_WORKER_PORT' },
};

export function dockerfilePath(app: AppName): string {
  return join(ROOT, 'infra', 'docker', `${app}.Dockerfile`);
}

export function loadDockerfile(app: AppName): Dockerfile {
  return parseDockerfile(readFileSync(dockerfilePath(app), 'utf8'));
}

/** The stage `docker build` produces: the last one (no `--target` is used). */
export function finalStage(file: Dockerfile): Stage {
  const stage = file.stages[file.stages.length - 1];
  if (stage === undefined) throw new Error('Dockerfile has no stage');
  return stage;
}

/** Which app a compose service runs, from the Dockerfile it builds; undefined for redis, minio… */
export function appOfService(service: ComposeService): AppName | undefined {
  const dockerfile = service.build?.dockerfile;
  if (dockerfile === undefined) return undefined;
  return APPS.find((app) => join(ROOT, 'infra', service.build?.context ?? '.', dockerfile) === dockerfilePath(app));
}

/** The environment a container of `app` starts with: the image's ENV, then compose's `environment`. */
export function containerEnv(app: AppName, composeEnv: Record<string, string>): Record<string, string> {
  return { ...stageEnv(finalStage(loadDockerfile(app))), ...composeEnv };
}

export function fileExists(relative: string): boolean {
  return existsSync(join(ROOT, relative));
}
