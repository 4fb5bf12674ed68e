import { readFvecs } from '@shoal/datasets';
import { LIMITS, type SearchResponse } from '@shoal/contracts';
import type { CliCommand } from '../cli-command';
import { ExitCode, UsageError } from '../cli.error';
import { CONNECTION_HELP, CONNECTION_OPTIONS, intOption, optionalIntOption, parseCommandArgs, parseVectorOption } from '../command-args';
import { connect } from '../cluster-connection';

const HELP = `Usage: shoal search NAME (--vector '[0.1, 2, …]' | --file queries.fvecs [--limit N])
                    [--k 10] [--nprobe N] [--metadata] [--allow-partial] [--json]

Prints the k nearest neighbours of each query, nearest first, with its distance (lower is closer:
l2 = squared euclidean, ip = −dot, cosine = 1 − cos). --file sends its rows in requests of
${LIMITS.maxQueries} queries; --limit keeps the first N rows. --json prints one JSON object.
${CONNECTION_HELP}`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  vector: { type: 'string' },
  file: { type: 'string' },
  limit: { type: 'string' },
  k: { type: 'string' },
  nprobe: { type: 'string' },
  metadata: { type: 'boolean' },
  'allow-partial': { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** The query rows: `--vector`, or the first `--limit` rows of an fvecs `--file`. */
async function readQueries(values: { vector?: string; file?: string; limit?: string }): Promise<number[][]> {
  const { vector, file } = values;
  if (vector !== undefined && file === undefined) return [parseVectorOption('search', vector)];
  if (vector !== undefined || file === undefined) throw new UsageError('search needs exactly one of --vector or --file', 'search');
  const set = await readFvecs(file);
  const n = Math.min(set.n, intOption('search', 'limit', values.limit, set.n, 1));
  return Array.from({ length: n }, (_, i) => Array.from(set.data.subarray(i * set.d, (i + 1) * set.d)));
}

/** One block per query: rank, id, distance, and the metadata when asked for. */
export function formatSearchResults(results: SearchResponse['results'], firstQuery = 0): string {
  return results
    .map((hits, q) => {
      const lines = hits.map((hit, rank) => `  ${String(rank + 1).padStart(3)}  ${hit.id}  ${hit.distance.toPrecision(6)}${hit.metadata ? `  ${JSON.stringify(hit.metadata)}` : ''}`);
      return [`query ${firstQuery + q}:`, ...(lines.length ? lines : ['  (no results)'])].join('\n');
    })
    .join('\n');
}

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'k-nearest-neighbour search with a vector or a file of queries',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('search', argv, OPTIONS, { min: 1, max: 1, names: 'a collection NAME' });
    const k = intOption('search', 'k', values.k, 10, 1, LIMITS.maxK);
    const nprobe = optionalIntOption('search', 'nprobe', values.nprobe, 1, LIMITS.maxNprobe);
    const queries = await readQueries(values);
    if (queries.length === 0) throw new UsageError(`${values.file} holds no vectors`, 'search');
    const client = connect(values, context);
    const all: SearchResponse['results'] = [];
    let partial = false;
    for (let from = 0; from < queries.length; from += LIMITS.maxQueries) {
      const response = await client.search(positionals[0], {
        queries: queries.slice(from, from + LIMITS.maxQueries),
        k,
        nprobe,
        includeMetadata: values.metadata === true || undefined,
        allowPartial: values['allow-partial'] === true || undefined,
      });
      partial ||= response.partial;
      if (!values.json) context.stdout.write(`${formatSearchResults(response.results, from)}\n`);
      all.push(...response.results);
    }
    if (values.json) context.stdout.write(`${JSON.stringify({ results: all, partial })}\n`);
    else if (partial) context.stderr.write('warning: partial results: some shards had no live replica (--allow-partial)\n');
    return ExitCode.Ok;
  },
};
