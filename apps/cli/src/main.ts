/**
 * The `shoal` command: `npm run shoal -- <command> [options]` (or `node --import tsx apps/cli/src/main.ts`).
 * See `shoal --help`.
 */
import { runCli } from './cli';
import { processContext } from './process-context';

runCli(process.argv.slice(2), processContext()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
