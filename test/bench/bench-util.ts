import { cpus, totalmem } from 'node:os';

export interface BenchArgs {
  json: boolean;
  flags: Map<string, string>;
}

/** `--json` plus `--name value` / `--name=value` flags. */
export function parseArgs(argv: string[]): BenchArgs {
  const flags = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      flags.set(name, inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true'));
    }
  }
  return { json, flags };
}

export function seconds(fromNs: bigint): number {
  return Number(process.hrtime.bigint() - fromNs) / 1e9;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; s: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, s: seconds(t0) };
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** Prints rows as an aligned text table on stderr-free stdout. */
export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const cells = rows.map((row) => columns.map((c) => format(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  cells.forEach((r) => console.log(line(r)));
}

function format(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
  }
  if (value && typeof value === 'object') return JSON.stringify(value);
  return value === undefined ? '' : String(value);
}
