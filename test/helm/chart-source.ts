import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/**
 * Reads the Helm chart as text and answers questions about it without a `helm` binary: the chart is
 * written to a few rules (see templates/_helpers.tpl) that make a plain-text analysis sound.
 */
export const REPO_ROOT = join(__dirname, '..', '..');
export const CHART_DIR = join(REPO_ROOT, 'helm', 'shoal');
export const TEMPLATES_DIR = join(CHART_DIR, 'templates');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readChartFile(path: string): string {
  return readFileSync(join(CHART_DIR, path), 'utf8');
}

export function readYaml(path: string): JsonObject {
  const value = parse(readChartFile(path)) as Json;
  if (!isObject(value)) throw new Error(`${path} is not a YAML mapping`);
  return value;
}

/** Template files (relative to templates/), helpers and NOTES included. */
export function templateFiles(): string[] {
  return readdirSync(TEMPLATES_DIR).filter((name) => /\.(ya?ml|tpl|txt)$/.test(name)).sort();
}

/** Templates that render Kubernetes manifests (not _helpers.tpl, not NOTES.txt). */
export function manifestTemplates(): string[] {
  return templateFiles().filter((name) => name.endsWith('.yaml'));
}

export function readTemplate(name: string): string {
  return readFileSync(join(TEMPLATES_DIR, name), 'utf8');
}

/** One `{{ ... }}` action: its text without delimiters, trim markers and surrounding blanks. */
export interface Action {
  body: string;
  start: number;
  end: number;
}

/** Every action of a template, comments included (their body starts with `/*`). */
export function actionsOf(text: string): Action[] {
  const actions: Action[] = [];
  const pattern = /\{\{(-?)([\s\S]*?)(-?)\}\}/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    actions.push({ body: match[2].trim(), start: match.index, end: match.index + match[0].length });
  }
  return actions;
}

const BLOCK_OPENERS = /^(if|with|range|define|block)\b/;

/** `define` bodies of _helpers.tpl by name (nested if/with/range blocks handled). */
export function helperDefinitions(): Map<string, string> {
  const text = readTemplate('_helpers.tpl');
  const definitions = new Map<string, string>();
  let open: { name: string; bodyStart: number; depth: number } | undefined;
  let depth = 0;
  for (const action of actionsOf(text)) {
    if (action.body.startsWith('/*')) continue;
    if (BLOCK_OPENERS.test(action.body)) {
      depth += 1;
      const define = /^define\s+"([^"]+)"/.exec(action.body);
      if (define !== null && open === undefined) open = { name: define[1], bodyStart: action.end, depth };
    } else if (/^end\b/.test(action.body)) {
      if (open !== undefined && depth === open.depth) {
        definitions.set(open.name, text.slice(open.bodyStart, action.start));
        open = undefined;
      }
      depth -= 1;
    }
  }
  return definitions;
}

/** The template with every `include "name"` followed into its helper, recursively (text only). */
export function expandIncludes(text: string, helpers = helperDefinitions(), seen: readonly string[] = []): string {
  return text.replace(/include\s+"([^"]+)"/g, (whole, name: string) => {
    const body = helpers.get(name);
    if (body === undefined) throw new Error(`include of an undefined helper "${name}"`);
    if (seen.includes(name)) throw new Error(`recursive helper "${name}"`);
    return `${whole} /*expanded*/ ${expandIncludes(body, helpers, [...seen, name])}`;
  });
}

/** Keys of a nested object as dotted paths: every intermediate object and every leaf. */
export function pathsOf(value: Json, prefix = ''): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...pathsOf(child, path)];
  });
}

/** Leaf paths only (scalars, lists and empty objects). */
export function leafPathsOf(value: Json, prefix = ''): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return isObject(child) && Object.keys(child).length > 0 ? leafPathsOf(child, path) : [path];
  });
}

export function hasPath(value: Json, path: string): boolean {
  let node: Json | undefined = value;
  for (const key of path.split('.')) {
    if (!isObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/** Helm's merge of a values file over the defaults: maps merge, anything else replaces, null deletes. */
export function mergeValues(base: JsonObject, override: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isObject(current) && isObject(value)) merged[key] = mergeValues(current, value);
    else merged[key] = value;
  }
  return merged;
}

export function ciValueFiles(): string[] {
  return readdirSync(join(CHART_DIR, 'ci'))
    .filter((name) => name.endsWith('-values.yaml'))
    .sort();
}

/** Non-test TypeScript sources under `dir` (relative to the repository root), recursively. */
export function sourceFiles(dir: string): string[] {
  const root = join(REPO_ROOT, dir);
  const walk = (path: string): string[] =>
    statSync(path).isDirectory()
      ? readdirSync(path).flatMap((name) => (name === 'testing' || name === 'node_modules' ? [] : walk(join(path, name))))
      : /\.ts$/.test(path) && !/\.spec\.ts$/.test(path)
        ? [path]
        : [];
  return walk(root).map((path) => relative(REPO_ROOT, path));
}

export function readSource(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}
