/**
 * `npm start` / `npm run up`: the same as `shoal up` (see commands/up.command.ts), kept as its own
 * entry point for the root scripts:
 *
 *   tsx apps/cli/src/up.ts [--port 7700] [--host 127.0.0.1] [--shards 2] [--data ./data]
 *                          [--backend faiss|mock] [--demo] [--verbose]
 */
import { runCli } from './cli';
import { processContext } from './process-context';

runCli(['up', ...process.argv.slice(2)], processContext()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
