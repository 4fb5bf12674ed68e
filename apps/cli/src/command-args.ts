import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LIMITS } from '@shoal/contracts';
import { UsageError } from './cli.error';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** `--url` and `--api-key`, accepted by every command that talks to a cluster. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
} as const satisfies OptionSpec;

export const DEFAULT_URL = 'http://127.0.0.1:7700';

export const CONNECTION_HELP = `  --url URL          the coordinator (default $SHOAL_URL or ${DEFAULT_URL})
  --api-key KEY      sent as a bearer token (default $SHOAL_API_KEY)`;

/**
 * Strict parsing (unknown flags and missing values are errors) that reports every problem as a
 * {@link UsageError} naming the command, instead of parseArgs's Node-specific error codes.
 */
export function parseCommandArgs<T extends OptionSpec>(command: string, argv: readonly string[], options: T, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), command);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`${command} needs ${positionals.names}`, command);
  if (count > positionals.max) throw new UsageError(`unexpected argument '${parsed.positionals[positionals.max]}'`, command);
  return parsed;
}

/** A flag's integer value within [min, max], or `fallback` when absent. */
export function intOption(command: string, flag: string, raw: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(Number.isSafeInteger(value) && value >= min && value <= max)) {
    throw new UsageError(`--${flag} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got '${raw}'`, command);
  }
  return value;
}

/** An optional integer flag: undefined when absent. */
export function optionalIntOption(command: string, flag: string, raw: string | undefined, min: number, max?: number): number | undefined {
  return raw === undefined ? undefined : intOption(command, flag, raw, min, min, max);
}

/** A flag's positive number of seconds (fractions allowed), or `fallback`. */
export function secondsOption(command: string, flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(raw.trim() !== '' && Number.isFinite(value) && value > 0)) throw new UsageError(`--${flag} must be a positive number of seconds, got '${raw}'`, command);
  return value;
}

/** One of `allowed`, or `fallback`. */
export function choiceOption<T extends string>(command: string, flag: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${raw}'`, command);
  return raw as T;
}

/** A vector given on the command line as a JSON array of finite numbers: `'[0.1, 2, -3]'`. */
export function parseVectorOption(command: string, raw: string): number[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > LIMITS.maxDimension || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new UsageError(`--vector must be a JSON array of 1 to ${LIMITS.maxDimension} numbers, e.g. '[0.1, 2, -3]'`, command);
  }
  return value as number[];
}
