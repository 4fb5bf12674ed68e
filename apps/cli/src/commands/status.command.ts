import type { HealthReport } from '@shoal/client';
import type { ClusterInfo, CollectionInfo } from '@shoal/contracts';
import type { CliCommand } from '../cli-command';
import { ExitCode } from '../cli.error';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from '../command-args';
import { connect } from '../cluster-connection';
import { formatDuration, formatTable, groupDigits } from '../format/table';

const HELP = `Usage: shoal status [--json]

The cluster at a glance: version, uptime, readiness (GET /health/ready, with every check that is
down), the live partition replicas per backend, and one row per collection: state, generation (and
the oldest generation a replica still serves, when a swap is under way), vectors, shards × replicas,
the backends really answering it (exact_mock is brute force) and index bytes per vector.
${CONNECTION_HELP}`;

export interface StatusView {
  url: string;
  info: ClusterInfo;
  health: HealthReport;
  collections: CollectionInfo[];
}

/** The status report as text; pure, for tests. */
export function formatStatus({ url, info, health, collections }: StatusView): string {
  const down = Object.entries(health.details)
    .filter(([, check]) => check.status !== 'up')
    .map(([name, check]) => `${name}${typeof check.message === 'string' ? ` (${check.message})` : ''}`);
  const readiness = health.ready ? 'ready' : `NOT READY${down.length ? `: ${down.join(', ')} down` : ''}`;
  const backends = Object.entries(info.backends).map(([backend, replicas]) => `${backend} ×${replicas}`);
  const specs = new Map(collections.map((c) => [c.name, c]));
  const rows = info.collections.map((c) => {
    const spec = specs.get(c.name);
    const generation = c.servingGeneration === c.generation ? String(c.generation) : `${c.generation} (serving ${c.servingGeneration})`;
    return [
      c.name,
      c.state,
      generation,
      groupDigits(c.vectors),
      spec ? `${spec.shards}×${spec.replicas}` : '?',
      c.backends.length ? c.backends.join(',') : '-',
      c.bytesPerVector === null ? '-' : c.bytesPerVector.toFixed(1),
    ];
  });
  return [
    `Shoal ${info.version} at ${url}, up ${formatDuration(info.uptimeSeconds)}: ${readiness}`,
    `backends: ${backends.length ? backends.join(', ') : 'no live partitions'}${'exact_mock' in info.backends ? ' (exact_mock = exact brute force, for development)' : ''}`,
    '',
    rows.length ? formatTable(['COLLECTION', 'STATE', 'GEN', 'VECTORS', 'SHARDS×REPL', 'BACKENDS', 'BYTES/VEC'], rows, new Set([3, 6])) : '(no collections)',
  ].join('\n');
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'a table of the cluster: health, backends, and every collection',
  help: HELP,
  async run(argv, context) {
    const { values } = parseCommandArgs('status', argv, { ...CONNECTION_OPTIONS, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
    const client = connect(values, context);
    const [info, health, collections] = await Promise.all([client.info(), client.health(), client.listCollections()]);
    const view: StatusView = { url: client.baseUrl, info, health, collections };
    context.stdout.write(values.json ? `${JSON.stringify(view)}\n` : `${formatStatus(view)}\n`);
    return ExitCode.Ok;
  },
};
