import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from './compose-file';

interface TsconfigBase {
  compilerOptions: { paths: Record<string, string[]> };
}

const ALIASES = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as TsconfigBase).compilerOptions.paths;
const BUILTINS = new Set(builtinModules);

/** Every module a production source file loads at run time and the bare packages among them. */
export interface ImportGraph {
  /** Repository-relative paths of the source files reached. */
  files: string[];
  /** npm package names imported (type-only imports excluded: tsx erases them). */
  packages: string[];
}

/** Module specifiers of `source` that survive compilation (`import type`/`export type` left out). */
export function runtimeSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
  for (const match of source.matchAll(statement)) if (match[2] === undefined) specifiers.push(match[3]);
  for (const match of source.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

function asFile(candidate: string): string | undefined {
  for (const path of [candidate, `${candidate}.ts`, join(candidate, 'index.ts')]) {
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return undefined;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Follows relative imports and the tsconfig path aliases from `entry` (repository-relative). */
export function importGraph(entry: string): ImportGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith('.ts')) continue;
    for (const specifier of runtimeSpecifiers(readFileSync(file, 'utf8'))) {
      const alias = ALIASES[specifier]?.[0];
      const target = specifier.startsWith('.') ? resolve(dirname(file), specifier) : alias !== undefined ? resolve(ROOT, alias) : undefined;
      if (target === undefined) {
        if (!specifier.startsWith('node:') && !BUILTINS.has(specifier)) packages.add(packageName(specifier));
        continue;
      }
      const found = asFile(target);
      if (found === undefined) throw new Error(`${relative(ROOT, file)} imports ${specifier}, which resolves to no file`);
      pending.push(found);
    }
  }
  return { files: [...files].map((file) => relative(ROOT, file)).sort(), packages: [...packages].sort() };
}
