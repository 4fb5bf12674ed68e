import { LIMITS, type CollectionInfo, type CreateCollectionRequest, type IndexSpecDto } from '@shoal/contracts';
import type { CliCommand } from '../cli-command';
import type { CliContext } from '../cli-context';
import { ExitCode, UsageError } from '../cli.error';
import { CONNECTION_HELP, CONNECTION_OPTIONS, choiceOption, intOption, optionalIntOption, parseCommandArgs } from '../command-args';
import { connect } from '../cluster-connection';
import { formatTable, groupDigits } from '../format/table';

const HELP = `Usage: shoal collections <create|list|drop> [options]

  shoal collections create NAME --dimension D [--metric l2|ip|cosine] [--shards 1] [--replicas 1]
                          [--index flat|ivf_pq --nlist N --m M [--nbits 8] [--refine 1] [--nprobe N]]
                          [--auto-train VECTORS] [--json]
  shoal collections list [--json]
  shoal collections drop NAME

create: --index defaults to ivf_pq when --nlist is given, else flat. An IVF-PQ collection answers by
exact search until it is trained (shoal train NAME, or automatically with --auto-train).
${CONNECTION_HELP}`;

const CREATE_OPTIONS = {
  ...CONNECTION_OPTIONS,
  dimension: { type: 'string' },
  metric: { type: 'string' },
  shards: { type: 'string' },
  replicas: { type: 'string' },
  index: { type: 'string' },
  nlist: { type: 'string' },
  m: { type: 'string' },
  nbits: { type: 'string' },
  refine: { type: 'string' },
  nprobe: { type: 'string' },
  'auto-train': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Builds the create request from the flags; the server still validates it (and names the field when it refuses). */
export function createRequestFromArgs(argv: readonly string[]): { request: CreateCollectionRequest; json: boolean; values: { url?: string; 'api-key'?: string } } {
  const cmd = 'collections create';
  const { values, positionals } = parseCommandArgs(cmd, argv, CREATE_OPTIONS, { min: 1, max: 1, names: 'a collection NAME' });
  if (values.dimension === undefined) throw new UsageError('collections create needs --dimension', cmd);
  const type = choiceOption(cmd, 'index', values.index, ['flat', 'ivf_pq'] as const, values.nlist === undefined ? 'flat' : 'ivf_pq');
  let index: IndexSpecDto = { type: 'flat' };
  if (type === 'ivf_pq') {
    if (values.nlist === undefined || values.m === undefined) throw new UsageError('--index ivf_pq needs --nlist and --m', cmd);
    index = {
      type,
      nlist: intOption(cmd, 'nlist', values.nlist, 0, 1),
      m: intOption(cmd, 'm', values.m, 0, 1),
      nbits: optionalIntOption(cmd, 'nbits', values.nbits, 1, 16),
      refine: optionalIntOption(cmd, 'refine', values.refine, 1),
      nprobe: optionalIntOption(cmd, 'nprobe', values.nprobe, 1, LIMITS.maxNprobe),
    };
    for (const key of ['nbits', 'refine', 'nprobe'] as const) if (index[key] === undefined) delete index[key];
  } else {
    const ivfOnly = (['nlist', 'm', 'nbits', 'refine', 'nprobe', 'auto-train'] as const).find((flag) => values[flag] !== undefined);
    if (ivfOnly) throw new UsageError(`--${ivfOnly} applies to --index ivf_pq only`, cmd);
  }
  const request: CreateCollectionRequest = {
    name: positionals[0],
    dimension: intOption(cmd, 'dimension', values.dimension, 0, 1, LIMITS.maxDimension),
    metric: choiceOption(cmd, 'metric', values.metric, ['l2', 'ip', 'cosine'] as const, 'l2'),
    shards: intOption(cmd, 'shards', values.shards, 1, 1, LIMITS.maxShards),
    replicas: intOption(cmd, 'replicas', values.replicas, 1, 1, LIMITS.maxReplicas),
    index,
  };
  const autoTrain = optionalIntOption(cmd, 'auto-train', values['auto-train'], 1);
  if (autoTrain !== undefined) request.autoTrain = autoTrain;
  return { request, json: values.json === true, values };
}

/** "ivf_pq nlist=256 m=56 refine=10" or "flat". */
export function describeIndex(index: IndexSpecDto): string {
  if (index.type === 'flat') return 'flat';
  const { type, ...options } = index;
  return [type, ...Object.entries(options).map(([key, value]) => `${key}=${value}`)].join(' ');
}

export function collectionsTable(collections: readonly CollectionInfo[]): string {
  if (collections.length === 0) return '(no collections)';
  const rows = collections.map((c) => [c.name, String(c.dimension), c.metric, `${c.shards}×${c.replicas}`, describeIndex(c.index), c.state, String(c.generation), groupDigits(c.vectors)]);
  return formatTable(['NAME', 'DIM', 'METRIC', 'SHARDS×REPL', 'INDEX', 'STATE', 'GEN', 'VECTORS'], rows, new Set([1, 6, 7]));
}

async function create(argv: readonly string[], context: CliContext): Promise<number> {
  const { request, json, values } = createRequestFromArgs(argv);
  const created = await connect(values, context).createCollection(request);
  context.stdout.write(json ? `${JSON.stringify(created)}\n` : `created collection ${created.name} (${created.dimension}-d ${created.metric}, ${created.shards} shards × ${created.replicas} replicas, ${describeIndex(created.index)})\n`);
  return ExitCode.Ok;
}

async function list(argv: readonly string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs('collections list', argv, { ...CONNECTION_OPTIONS, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
  const collections = await connect(values, context).listCollections();
  context.stdout.write(values.json ? `${JSON.stringify({ collections })}\n` : `${collectionsTable(collections)}\n`);
  return ExitCode.Ok;
}

async function drop(argv: readonly string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('collections drop', argv, CONNECTION_OPTIONS, { min: 1, max: 1, names: 'a collection NAME' });
  await connect(values, context).dropCollection(positionals[0]);
  context.stdout.write(`dropped collection ${positionals[0]}\n`);
  return ExitCode.Ok;
}

const SUBCOMMANDS: Record<string, (argv: readonly string[], context: CliContext) => Promise<number>> = { create, list, drop };

export const collectionsCommand: CliCommand = {
  name: 'collections',
  summary: 'create, list or drop collections',
  help: HELP,
  run(argv, context) {
    const [sub, ...rest] = argv;
    const handler = sub !== undefined && Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (handler === undefined) throw new UsageError(sub === undefined ? 'collections needs a subcommand: create, list or drop' : `unknown subcommand 'collections ${sub}'`, 'collections');
    return handler(rest, context);
  },
};
