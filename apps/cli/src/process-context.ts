import type { CliContext } from './cli-context';

/**
 * The real process as a {@link CliContext}. Signal handlers are installed only when a command asks
 * to wait for a stop (`shoal up`), so Ctrl-C keeps its default effect everywhere else; while
 * waiting, a second Ctrl-C exits at once.
 */
export function processContext(): CliContext {
  let stop: Promise<void> | undefined;
  const waitForStop = () =>
    (stop ??= new Promise<void>((resolve) => {
      let signals = 0;
      const onSignal = () => {
        if (++signals > 1) process.exit(130);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }));
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, waitForStop };
}
