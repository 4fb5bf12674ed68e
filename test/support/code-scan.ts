import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * What the code reads and registers, found by parsing it: environment variables and prom-client
 * metric names. Shared by the tests that keep docs, the compose file and the Helm chart true of
 * the code.
 * * What counts as an environment variable read. The rules below come from how Shoal reads its
 * environment:
 * - the apps' config parsers pass the variable name as a string literal to a reader:
 *   `read('REDIS_URL')`, `read(env, 'S3_BUCKET')`, `read.integer('SHOAL_PORT', …)`,
 *   `integer('SHOAL_PORT', …)`, `env['SHOAL_API_KEYS']`;
 * - launchers and the CLI use property access: `process.env.REDIS_URL`, `context.env.SHOAL_URL`,
 *   `env.SHOAL_CLUSTER_TOKEN`;
 * - the native addon calls `getenv("OPENBLAS_NUM_THREADS")`.
 *
 * The scan parses every source file under apps/ and libs/ (TypeScript and JavaScript through the
 * TypeScript parser, so comments and message text are never mistaken for reads; C++ by regex).
 * Spec files are left out, and so is test/. It counts:
 *   A. every string literal whose whole text is a Shoal-shaped name (`SHOAL_*`, `S3_*`, `REDIS_*`),
 *      except an object-literal key (`{ 'SHOAL_PORT': '0' }` writes a child's environment, it
 *      reads nothing). This over-approximates on purpose: a name kept in a constant and passed to
 *      a reader later is still found;
 *   B. `<…>env.NAME` property reads and `<…>env['NAME']` element reads of any upper-case name
 *      (NODE_ENV would count too), unless assigned to;
 *   C. names destructured from `<…>env` (`const { SHOAL_X } = process.env`);
 *   D. `getenv("NAME")` in C/C++ sources.
 * Dynamic reads (`env[name]` with a non-literal key) cannot be resolved statically. They are
 * allowed only inside the reader helpers the docs spec lists (DYNAMIC_READERS), whose callers pass
 * literals (rule A). Any other dynamic read fails the test, so that someone reviews it.
 *
 * Metrics: the names of prom-client metrics built in apps/ and libs/ are the string literals given
 * as `name:` in an object literal that is either the options of `new Counter|Gauge|Histogram|Summary`
 * or a row of a table those options are built from (`{ name: 'shoal_…', help, figure }`).
 * Their kind (the class built) is known by two rules:
 *   K1. `new Histogram({ name: 'shoal_…' })`: a literal name is of the class constructed around it;
 *   K2. a table row (a `name: 'shoal_…'` that is not the options of a constructor) is of the class
 *       of the constructors of the same file whose name is not a literal (`new Gauge({ name })` in
 *       a loop over the table), provided they are all of one class. A file whose table rows sit
 *       beside no such constructor, or beside constructors of several classes, leaves its rows'
 *       kind unknown: they are listed in `unkinded`, for someone to review, and get no kind.
 * A name built as two different kinds is listed in `unkinded` too (its first kind is kept).
 */

export const ROOT = resolve(__dirname, '..', '..');
const SCANNED_DIRS = ['apps', 'libs'];
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', '.nx']);
const SCRIPT_FILE = /\.(?:ts|tsx|js|mjs|cjs)$/;
const NATIVE_FILE = /\.(?:cc|cpp|h|hpp)$/;
export const SPEC_FILE = /\.spec\.[cm]?[jt]sx?$/;

/** The project's variable names, as rule A recognises them in string literals. */
const SHOAL_ENV_NAME = /^(?:SHOAL|S3|REDIS)_[A-Z0-9_]+$/;
/** Any environment-variable-shaped name, for the explicit env reads of rules B and C. */
export const ANY_ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const METRIC_CLASSES = new Set(['Counter', 'Gauge', 'Histogram', 'Summary']);

/** Every non-spec script and native source under apps/ and libs/, repository-relative, sorted. */
export function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if ((SCRIPT_FILE.test(entry.name) || NATIVE_FILE.test(entry.name)) && !SPEC_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push(relative(ROOT, path));
      }
    }
  };
  for (const dir of SCANNED_DIRS) walk(join(ROOT, dir));
  return files.sort();
}

/** An expression that denotes an environment record: `env`, `process.env`, `context.env`, `this.env`. */
function isEnvObject(node: ts.Expression): boolean {
  const inner = ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node) ? node.expression : node;
  if (ts.isIdentifier(inner)) return inner.text === 'env';
  return ts.isPropertyAccessExpression(inner) && inner.name.text === 'env';
}

function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

function isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

export interface EnvScan {
  /** Variable name → files that read it. */
  reads: Map<string, Set<string>>;
  /** `file: expression` of every env read whose key is not a literal. */
  dynamic: string[];
}

/** Rules A–C over one TypeScript/JavaScript source. */
export function scanScript(file: string, text: string, scan: EnvScan): void {
  const add = (name: string) => {
    const files = scan.reads.get(name) ?? new Set<string>();
    files.add(file);
    scan.reads.set(name, files);
  };
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const visit = (node: ts.Node): void => {
    if (isStringLike(node) && SHOAL_ENV_NAME.test(node.text)) {
      const parent = node.parent;
      const isKey = (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isLiteralTypeNode(parent));
      if (!isKey) add(node.text);
    }
    if (ts.isPropertyAccessExpression(node) && isEnvObject(node.expression) && ANY_ENV_NAME.test(node.name.text) && !isAssignmentTarget(node)) add(node.name.text);
    if (ts.isElementAccessExpression(node) && isEnvObject(node.expression) && !isAssignmentTarget(node)) {
      const key = node.argumentExpression;
      if (isStringLike(key)) {
        if (ANY_ENV_NAME.test(key.text)) add(key.text);
      } else {
        scan.dynamic.push(`${file}: ${node.getText(source)}`);
      }
    }
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer !== undefined && isEnvObject(node.initializer)) {
      for (const element of node.name.elements) {
        const key = element.propertyName ?? element.name;
        if ((ts.isIdentifier(key) || ts.isStringLiteral(key)) && ANY_ENV_NAME.test(key.text)) add(key.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** Rule D over one C/C++ source. */
function scanNative(file: string, text: string, scan: EnvScan): void {
  for (const match of text.matchAll(/\bgetenv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)) {
    const files = scan.reads.get(match[1]) ?? new Set<string>();
    files.add(file);
    scan.reads.set(match[1], files);
  }
}

/** Rules A–D over `files` (repository-relative). */
export function scanEnv(files: readonly string[]): EnvScan {
  const scan: EnvScan = { reads: new Map(), dynamic: [] };
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    if (NATIVE_FILE.test(file)) scanNative(file, text, scan);
    else scanScript(file, text, scan);
  }
  return scan;
}

export type MetricKind = 'Counter' | 'Gauge' | 'Histogram' | 'Summary';

export interface MetricScan {
  names: Set<string>;
  /** Files that build a metric whose `name` is not a literal and that hold no `name: 'shoal_…'` table row. */
  unresolved: string[];
  /** Metric name → the class that builds it (rules K1, K2). */
  kinds: Map<string, MetricKind>;
  /** `file: name …` of every metric whose kind rules K1 and K2 cannot tell, or tell two ways. */
  unkinded: string[];
}

function isMetricKind(name: string): name is MetricKind {
  return METRIC_CLASSES.has(name);
}

/** Metric names (and kinds) registered in one source (see the header comment). */
export function scanMetrics(file: string, text: string, scan: MetricScan): void {
  if (!SCRIPT_FILE.test(file)) return;
  const { kinds, unkinded } = scan;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  /** `name:` literals of constructor options (rule K1), not table rows. */
  const constructorNames = new Set<ts.Node>();
  const tableRows: string[] = [];
  const nonLiteralClasses = new Set<MetricKind>();
  let nonLiteralNames = 0;
  const setKind = (name: string, kind: MetricKind): void => {
    const known = kinds.get(name);
    if (known === undefined) kinds.set(name, kind);
    else if (known !== kind) unkinded.push(`${file}: ${name} is built as a ${kind} here and as a ${known} elsewhere`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'name' && isStringLike(node.initializer) && /^shoal_[a-z0-9_]+$/.test(node.initializer.text)) {
      if (!constructorNames.has(node)) tableRows.push(node.initializer.text);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && isMetricKind(node.expression.text)) {
      const kind = node.expression.text;
      const options = node.arguments?.[0];
      const nameProperty = options !== undefined && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'name') : undefined;
      if (nameProperty !== undefined && ts.isPropertyAssignment(nameProperty) && isStringLike(nameProperty.initializer)) {
        scan.names.add(nameProperty.initializer.text);
        constructorNames.add(nameProperty);
        setKind(nameProperty.initializer.text, kind);
      } else {
        nonLiteralNames++;
        nonLiteralClasses.add(kind);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  tableRows.forEach((name) => scan.names.add(name));
  if (nonLiteralNames > 0 && tableRows.length === 0) scan.unresolved.push(file);
  const [rowKind, ...otherKinds] = [...nonLiteralClasses];
  for (const name of tableRows) {
    if (rowKind !== undefined && otherKinds.length === 0) setKind(name, rowKind);
    else unkinded.push(`${file}: ${name} is a table row beside ${rowKind === undefined ? 'no constructor with a non-literal name' : `constructors of several classes (${[...nonLiteralClasses].join(', ')})`}`);
  }
}

/** scanMetrics over `files` (repository-relative). */
export function scanMetricFiles(files: readonly string[]): MetricScan {
  const scan: MetricScan = { names: new Set(), unresolved: [], kinds: new Map(), unkinded: [] };
  for (const file of files) scanMetrics(file, readFileSync(join(ROOT, file), 'utf8'), scan);
  return scan;
}

/** The environment variable names `files` read (rules A–D), for tests that only need the names. */
export function envNamesRead(files: readonly string[]): Set<string> {
  return new Set(scanEnv(files).reads.keys());
}
