import { ShoalClient } from '@shoal/client';
import { startLocalCluster, type LocalClusterOptions } from '@shoal/local-cluster';
import type { CliCommand } from '../cli-command';
import type { CliContext } from '../cli-context';
import { ExitCode } from '../cli.error';
import { choiceOption, intOption, parseCommandArgs } from '../command-args';
import { runClusterDemo } from '../cluster-demo';

const HELP = `Usage: shoal up [--port 7700] [--host 127.0.0.1] [--shards 2] [--workers 1] [--data ./data]
                [--backend faiss|mock] [--demo] [--verbose]

Brings up a local cluster and serves until Ctrl-C: a private redis-server (persisting to
DATA/redis), the filesystem object store under DATA/objects, shard workers, index workers and one
coordinator. --demo then runs the Fashion-MNIST job of \`npm start\` through the public API.
--backend mock is exact brute force, for development (no Faiss needed).
REDIS_URL, S3_ENDPOINT (+ S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET) use real services instead;
SHOAL_BACKEND and SHOAL_PORT set the defaults of --backend and --port.`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  shards: { type: 'string' },
  workers: { type: 'string' },
  data: { type: 'string' },
  backend: { type: 'string' },
  demo: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

/** The cluster `shoal up` starts, from its flags and the environment's defaults. */
export function upOptionsFromArgs(argv: readonly string[], env: CliContext['env']): { cluster: LocalClusterOptions; demo: boolean } {
  const { values } = parseCommandArgs('up', argv, OPTIONS, { min: 0, max: 0, names: '' });
  return {
    cluster: {
      dataDir: values.data ?? './data',
      host: values.host ?? '127.0.0.1',
      port: intOption('up', 'port', values.port ?? env.SHOAL_PORT, 7700, 1, 65535),
      shards: intOption('up', 'shards', values.shards, 2, 1, 64),
      workers: intOption('up', 'workers', values.workers, 1, 1, 64),
      backend: choiceOption('up', 'backend', values.backend ?? env.SHOAL_BACKEND, ['faiss', 'mock'] as const, 'faiss'),
      verbose: values.verbose === true,
    },
    demo: values.demo === true,
  };
}

export const upCommand: CliCommand = {
  name: 'up',
  summary: 'run a local cluster (redis, shard workers, index worker, coordinator) until Ctrl-C',
  help: HELP,
  async run(argv, context) {
    const { cluster: options, demo } = upOptionsFromArgs(argv, context.env);
    const stop = context.waitForStop();
    const cluster = await startLocalCluster(options);
    const { backend } = options;
    context.stdout.write(
      `Shoal is ready at ${cluster.url} (${options.shards} shard workers, ${options.workers} index worker${options.workers === 1 ? '' : 's'}, backend ${backend}${backend === 'mock' ? ': exact brute force, for development' : ''}; Ctrl-C stops it)\n`,
    );
    try {
      if (demo) await Promise.race([runClusterDemo(new ShoalClient({ baseUrl: cluster.url, apiKey: context.env.SHOAL_API_KEY })), stop]);
      await stop;
    } finally {
      context.stdout.write('stopping Shoal…\n');
      await cluster.stop();
    }
    return ExitCode.Ok;
  },
};
