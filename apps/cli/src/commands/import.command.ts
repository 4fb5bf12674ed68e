import { extname } from 'node:path';
import { LIMITS, type ImportRequest } from '@shoal/contracts';
import { MAX_ID_PREFIX_LENGTH, type ImportFormat } from '@shoal/datasets';
import type { CliCommand } from '../cli-command';
import type { CliContext } from '../cli-context';
import { ExitCode, UsageError } from '../cli.error';
import { CONNECTION_HELP, CONNECTION_OPTIONS, choiceOption, intOption, parseCommandArgs } from '../command-args';
import { connect } from '../cluster-connection';
import { ProgressReporter } from '../format/progress-reporter';
import { groupDigits } from '../format/table';
import { followJob } from './follow-job';
import { uploadLocalFile } from './local-file-upload';

const FORMATS = ['fvecs', 'npy', 'jsonl'] as const;

const HELP = `Usage: shoal import NAME FILE [--format fvecs|npy|jsonl] [--id-prefix P] [--batch-size ${LIMITS.maxBatchVectors}] [--concurrency 4]
       shoal import NAME --server-side KEY --format fvecs|npy|jsonl [--bucket B] [--id-prefix P] [--no-wait]

Local FILE: read here and upserted through the public API in batches (PUT vectors), with progress
on stderr. Ids: jsonl records carry their own (prefixed by --id-prefix); fvecs and npy rows get
<id-prefix><row number>, from 0. --format defaults to the file's extension. Upserts are idempotent
by id: after a failure, running the same command again is safe.

--server-side KEY: an object already in the cluster's store (or, on S3, in --bucket) is imported by
the index worker (POST /v1/collections/NAME/imports); the command follows the job's progress
unless --no-wait. The same request answers the same job, so re-running it follows the same import.
${CONNECTION_HELP}`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  format: { type: 'string' },
  'id-prefix': { type: 'string' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  'server-side': { type: 'string' },
  bucket: { type: 'string' },
  'no-wait': { type: 'boolean' },
} as const;

/** `--format`, else the file's extension (.fvecs, .npy, .jsonl or .ndjson). */
export function importFormat(raw: string | undefined, file: string): ImportFormat {
  if (raw !== undefined) return choiceOption('import', 'format', raw, FORMATS, 'fvecs');
  const extension = extname(file).slice(1).toLowerCase();
  if (extension === 'ndjson') return 'jsonl';
  if ((FORMATS as readonly string[]).includes(extension)) return extension as ImportFormat;
  throw new UsageError(`cannot tell the format of '${file}' from its extension: give --format ${FORMATS.join('|')}`, 'import');
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'load vectors from a local fvecs/npy/jsonl file, or start a server-side import job',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('import', argv, OPTIONS, { min: 1, max: 2, names: 'a collection NAME and a FILE (or --server-side KEY)' });
    const [collection, file] = positionals;
    const idPrefix = values['id-prefix'] ?? '';
    if ([...idPrefix].length > MAX_ID_PREFIX_LENGTH) throw new UsageError(`--id-prefix must be at most ${MAX_ID_PREFIX_LENGTH} characters`, 'import');
    const serverKey = values['server-side'];
    if ((serverKey === undefined) === (file === undefined)) throw new UsageError('import needs either a local FILE or --server-side KEY (not both)', 'import');
    if (serverKey !== undefined) {
      const localOnly = (['batch-size', 'concurrency'] as const).find((flag) => values[flag] !== undefined);
      if (localOnly) throw new UsageError(`--${localOnly} applies to a local FILE only`, 'import');
      return serverSide(collection, serverKey, values, context);
    }
    if (values.bucket !== undefined || values['no-wait']) throw new UsageError('--bucket and --no-wait apply to --server-side only', 'import');
    const format = importFormat(values.format, file);
    const batchSize = intOption('import', 'batch-size', values['batch-size'], LIMITS.maxBatchVectors, 1, LIMITS.maxBatchVectors);
    const concurrency = intOption('import', 'concurrency', values.concurrency, 4, 1, 64);
    const client = connect(values, context);
    const { dimension } = await client.getCollection(collection);
    const progress = new ProgressReporter(context.stderr, `import ${collection}`);
    const started = performance.now();
    const rate = (vectors: number) => groupDigits(vectors / Math.max(1e-3, (performance.now() - started) / 1000));
    let vectors: number;
    try {
      vectors = await uploadLocalFile({
        client,
        collection,
        path: file,
        format,
        dimension,
        idPrefix,
        batchSize,
        concurrency,
        onProgress: (count, fraction) => progress.update(fraction, `${groupDigits(count)} vectors, ${rate(count)}/s`),
      });
    } finally {
      progress.finish();
    }
    const seconds = (performance.now() - started) / 1000;
    context.stdout.write(`imported ${groupDigits(vectors)} vectors from ${file} into ${collection} in ${seconds.toFixed(1)} s (${rate(vectors)} vectors/s)\n`);
    return ExitCode.Ok;
  },
};

async function serverSide(collection: string, key: string, values: { format?: string; bucket?: string; 'id-prefix'?: string; 'no-wait'?: boolean; url?: string; 'api-key'?: string }, context: CliContext): Promise<number> {
  if (values.format === undefined) throw new UsageError('--server-side needs --format fvecs|npy|jsonl', 'import');
  const request: ImportRequest = { source: { key, format: choiceOption('import', 'format', values.format, FORMATS, 'fvecs') } };
  if (values.bucket !== undefined) request.source.bucket = values.bucket;
  if (values['id-prefix'] !== undefined) request.idPrefix = values['id-prefix'];
  const client = connect(values, context);
  const { jobId } = await client.startImport(collection, request);
  if (values['no-wait']) {
    context.stdout.write(`import job ${jobId} queued (follow it: GET /v1/jobs/${encodeURIComponent(jobId)})\n`);
    return ExitCode.Ok;
  }
  const job = await followJob(client, jobId, `import ${collection}`, context);
  context.stdout.write(`import job ${jobId} completed${job.result === undefined ? '' : `: ${JSON.stringify(job.result)}`}\n`);
  return ExitCode.Ok;
}
