import type { CliCommand } from '../cli-command';
import { ExitCode } from '../cli.error';
import { CONNECTION_HELP, CONNECTION_OPTIONS, optionalIntOption, parseCommandArgs, secondsOption } from '../command-args';
import { connect } from '../cluster-connection';
import { FOLLOW_TIMEOUT_MS, followJob } from './follow-job';

const HELP = `Usage: shoal train NAME [--sample-size N] [--no-wait] [--timeout SECONDS]

Trains the collection's IVF-PQ index on the index worker (a sample of every shard's vectors), builds
every shard's index and swaps the collection to the new generation. Waits with progress on stderr
until the job completed and every replica serves the new generation, unless --no-wait. Asking
again while a training is pending follows the same job. --timeout bounds the wait (default 3600).
${CONNECTION_HELP}`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  'sample-size': { type: 'string' },
  'no-wait': { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a collection\'s IVF-PQ index and wait (with progress) until it serves',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('train', argv, OPTIONS, { min: 1, max: 1, names: 'a collection NAME' });
    const [name] = positionals;
    const sampleSize = optionalIntOption('train', 'sample-size', values['sample-size'], 1);
    const timeoutMs = secondsOption('train', 'timeout', values.timeout, FOLLOW_TIMEOUT_MS / 1000) * 1000;
    const client = connect(values, context);
    const started = performance.now();
    const { jobId } = await client.train(name, sampleSize === undefined ? {} : { sampleSize });
    if (values['no-wait']) {
      context.stdout.write(`training job ${jobId} queued (follow it: shoal status, or GET /v1/jobs/${encodeURIComponent(jobId)})\n`);
      return ExitCode.Ok;
    }
    await followJob(client, jobId, `train ${name}`, context, timeoutMs);
    // The job ends when the collection flips; each replica then loads its new index and swaps.
    const { generation } = await client.getCollection(name);
    const served = await client.waitForServingGeneration(name, generation, { timeoutMs, intervalMs: 500 });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    context.stdout.write(`trained ${name}: generation ${served.generation} (${served.state}), served by every replica, ${served.vectors} vectors, in ${seconds} s\n`);
    return ExitCode.Ok;
  },
};
