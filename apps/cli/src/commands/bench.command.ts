import { createRng, readFvecs } from '@shoal/datasets';
import { LIMITS } from '@shoal/contracts';
import { ShoalError, type ShoalClient } from '@shoal/client';
import type { CliCommand } from '../cli-command';
import { ExitCode, UsageError } from '../cli.error';
import { CONNECTION_HELP, CONNECTION_OPTIONS, intOption, optionalIntOption, parseCommandArgs, secondsOption } from '../command-args';
import { connect } from '../cluster-connection';
import { summarizeLatencies, type LatencySummary } from '../format/latency-stats';
import { groupDigits } from '../format/table';

const HELP = `Usage: shoal bench NAME [--duration 10] [--concurrency 8] [--k 10] [--nprobe N]
                   [--queries FILE.fvecs] [--seed 1] [--json]

A closed-loop search load: --concurrency clients each send one single-query search at a time for
--duration seconds, with queries cycled from FILE (fvecs) or drawn at random (seeded, uniform in
[-1, 1)) in the collection's dimension. Prints queries per second and latency percentiles as the
client sees them (network included). Requests are not retried, so errors are counted, not hidden.
${CONNECTION_HELP}`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  duration: { type: 'string' },
  concurrency: { type: 'string' },
  k: { type: 'string' },
  nprobe: { type: 'string' },
  queries: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface BenchResult extends LatencySummary {
  collection: string;
  seconds: number;
  concurrency: number;
  qps: number;
  errors: number;
  firstError?: string;
}

/** Runs `concurrency` loops of one search at a time until `seconds` pass; latencies of successful searches only. */
export async function runSearchLoad(client: ShoalClient, name: string, queries: readonly Float32Array[], options: { seconds: number; concurrency: number; k: number; nprobe?: number }): Promise<BenchResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const until = start + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < until) {
        const query = queries[next++ % queries.length];
        const t0 = performance.now();
        try {
          await client.search(name, { queries: [query], k: options.k, nprobe: options.nprobe });
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= error instanceof ShoalError ? `${error.code}: ${error.message}` : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return { collection: name, seconds: elapsed, concurrency: options.concurrency, qps: latencies.length / elapsed, errors, firstError, ...summarizeLatencies(latencies) };
}

export function formatBench(result: BenchResult): string {
  const ms = (value: number) => (Number.isNaN(value) ? '-' : `${value.toFixed(2)} ms`);
  return [
    `${result.collection}: ${groupDigits(result.count)} searches in ${result.seconds.toFixed(1)} s with ${result.concurrency} clients`,
    `  QPS  ${result.qps.toFixed(1)}`,
    `  p50  ${ms(result.p50)}   p90  ${ms(result.p90)}   p99  ${ms(result.p99)}   max  ${ms(result.max)}`,
    `  errors  ${result.errors}${result.firstError ? ` (first: ${result.firstError})` : ''}`,
  ].join('\n');
}

async function loadQueries(file: string | undefined, dimension: number, seed: number): Promise<Float32Array[]> {
  if (file === undefined) {
    const rng = createRng(seed);
    return Array.from({ length: 1000 }, () => Float32Array.from({ length: dimension }, () => rng.next() * 2 - 1));
  }
  const set = await readFvecs(file);
  if (set.n === 0) throw new UsageError(`${file} holds no vectors`, 'bench');
  if (set.d !== dimension) throw new UsageError(`${file} holds ${set.d}-d vectors; the collection is ${dimension}-d`, 'bench');
  return Array.from({ length: set.n }, (_, i) => set.data.subarray(i * set.d, (i + 1) * set.d));
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'a concurrent search load for N seconds: QPS and p50/p90/p99 latency',
  help: HELP,
  async run(argv, context) {
    const { values, positionals } = parseCommandArgs('bench', argv, OPTIONS, { min: 1, max: 1, names: 'a collection NAME' });
    const [name] = positionals;
    const seconds = secondsOption('bench', 'duration', values.duration, 10);
    const concurrency = intOption('bench', 'concurrency', values.concurrency, 8, 1, 1024);
    const k = intOption('bench', 'k', values.k, 10, 1, LIMITS.maxK);
    const nprobe = optionalIntOption('bench', 'nprobe', values.nprobe, 1, LIMITS.maxNprobe);
    const seed = intOption('bench', 'seed', values.seed, 1, 0);
    const client = connect(values, context, { attempts: 1 });
    const { dimension } = await client.getCollection(name);
    const queries = await loadQueries(values.queries, dimension, seed);
    context.stderr.write(`bench ${name}: ${concurrency} clients for ${seconds} s…\n`);
    const result = await runSearchLoad(client, name, queries, { seconds, concurrency, k, nprobe });
    context.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${formatBench(result)}\n`);
    return result.count === 0 ? ExitCode.Failed : ExitCode.Ok;
  },
};
