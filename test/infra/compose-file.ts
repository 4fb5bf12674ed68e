import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..', '..');
export const COMPOSE_PATH = join(ROOT, 'infra', 'compose.yaml');

/** The parts of a compose service these tests read. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] | string };
  init?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/**
 * Compose's variable interpolation: `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}`
 * (unset), `${VAR:?message}` / `${VAR?message}` (required) and `$$` for a literal `$`.
 */
export function interpolate(text: string, variables: Readonly<Record<string, string | undefined>>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name?: string, operator?: string, operand?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const key = name ?? bare ?? '';
    const value = variables[key];
    const missing = operator?.startsWith(':') ? value === undefined || value === '' : value === undefined;
    if (!missing || operator === undefined) return value ?? '';
    if (operator.endsWith('?')) throw new Error(`required variable ${key} is missing: ${operand ?? ''}`);
    return operand ?? '';
  });
}

/** Parses compose YAML (merge keys `<<` on, as docker compose does) after interpolating every scalar. */
export function parseCompose(text: string, variables: Readonly<Record<string, string | undefined>> = {}): ComposeFile {
  const document: unknown = parse(text, { merge: true });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return interpolate(node, variables);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
    return node;
  };
  const file = walk(document) as ComposeFile;
  if (file.services === undefined || typeof file.services !== 'object') throw new Error('compose file has no services');
  return file;
}

/** infra/compose.yaml as docker compose would see it with these variables (none: the defaults). */
export function loadCompose(variables: Readonly<Record<string, string | undefined>> = {}): ComposeFile {
  return parseCompose(readFileSync(COMPOSE_PATH, 'utf8'), variables);
}

/** A service's environment with every value as the string the process receives. */
export function serviceEnv(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

export function dependsOn(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, { condition }]) => [name, condition]));
}
