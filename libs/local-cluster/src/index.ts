export * from './local-cluster';
export type { AppProcess } from './app-process';
export { freePort } from '@shoal/process-utils';
