import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/**
 * Keeps docs/configuration.md and docs/operations.md true of the code.
 *
 * What counts as an environment variable read. The rules below come from how Shoal reads its
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
 * allowed only inside the three reader helpers listed in DYNAMIC_READERS, whose callers pass
 * literals (rule A). Any other dynamic read fails the test, so that someone reviews it.
 *
 * Documented variables are the first cells of the table rows of docs/configuration.md
 * (`| \`NAME\` | Read by | …`), one row per variable.
 *
 * Metrics: the names of prom-client metrics built in apps/ and libs/ are the string literals given
 * as `name:` in an object literal that is either the options of `new Counter|Gauge|Histogram|Summary`
 * or a row of a table those options are built from (`{ name: 'shoal_…', help, figure }`).
 */

const ROOT = resolve(__dirname, '..', '..');
const SCANNED_DIRS = ['apps', 'libs'];
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'dist', '.nx']);
const SCRIPT_FILE = /\.(?:ts|tsx|js|mjs|cjs)$/;
const NATIVE_FILE = /\.(?:cc|cpp|h|hpp)$/;
const SPEC_FILE = /\.spec\.[cm]?[jt]sx?$/;

/** The project's variable names, as rule A recognises them in string literals. */
const SHOAL_ENV_NAME = /^(?:SHOAL|S3|REDIS)_[A-Z0-9_]+$/;
/** Any environment-variable-shaped name, for the explicit env reads of rules B and C. */
const ANY_ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const METRIC_CLASSES = new Set(['Counter', 'Gauge', 'Histogram', 'Summary']);

/** `file → expression` of the dynamic env reads that are reader helpers (callers pass literals). */
const DYNAMIC_READERS = new Set([
  'libs/config/src/env-reader.ts: this.env[name]',
  'libs/storage/src/storage-config.ts: env[name]',
  'apps/coordinator/src/common/coordinator.config.ts: env[name]',
]);

function sourceFiles(): string[] {
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

interface EnvScan {
  /** Variable name → files that read it. */
  reads: Map<string, Set<string>>;
  /** `file: expression` of every env read whose key is not a literal. */
  dynamic: string[];
}

/** Rules A–C over one TypeScript/JavaScript source. */
function scanScript(file: string, text: string, scan: EnvScan): void {
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

function scanEnv(files: readonly string[]): EnvScan {
  const scan: EnvScan = { reads: new Map(), dynamic: [] };
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    if (NATIVE_FILE.test(file)) scanNative(file, text, scan);
    else scanScript(file, text, scan);
  }
  return scan;
}

interface MetricScan {
  names: Set<string>;
  /** Files that build a metric whose `name` is not a literal and that hold no `name: 'shoal_…'` table row. */
  unresolved: string[];
}

/** Metric names registered in one source (see the header comment). */
function scanMetrics(file: string, text: string, scan: MetricScan): void {
  if (!SCRIPT_FILE.test(file)) return;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const tableNames: string[] = [];
  let nonLiteralNames = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'name' && isStringLike(node.initializer) && /^shoal_[a-z0-9_]+$/.test(node.initializer.text)) {
      tableNames.push(node.initializer.text);
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && METRIC_CLASSES.has(node.expression.text)) {
      const options = node.arguments?.[0];
      const nameProperty = options !== undefined && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'name') : undefined;
      if (nameProperty !== undefined && ts.isPropertyAssignment(nameProperty) && isStringLike(nameProperty.initializer)) scan.names.add(nameProperty.initializer.text);
      else nonLiteralNames++;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  tableNames.forEach((name) => scan.names.add(name));
  if (nonLiteralNames > 0 && tableNames.length === 0) scan.unresolved.push(file);
}

/** First-column names of the table rows of a Markdown page, in order (duplicates kept). */
function tableRowNames(markdown: string, name: RegExp): { name: string; cells: string[] }[] {
  const rows: { name: string; cells: string[] }[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const match = /^`([^`]+)`$/.exec(cells[0] ?? '');
    if (match !== null && name.test(match[1])) rows.push({ name: match[1], cells });
  }
  return rows;
}

const FILES = sourceFiles();
const ENV = scanEnv(FILES);
const CONFIGURATION = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
const OPERATIONS = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
const DOCUMENTED = tableRowNames(CONFIGURATION, ANY_ENV_NAME);

/** `Read by` labels of docs/configuration.md and the source folder whose own reads require them. */
const READERS: Record<string, string> = {
  coordinator: 'apps/coordinator/',
  shard: 'apps/shard/',
  worker: 'apps/worker/',
  CLI: 'apps/cli/',
  'local cluster': 'libs/local-cluster/',
};

describe('the scan itself', () => {
  it('recognises every way the code reads a variable, and no write or message', () => {
    const scan: EnvScan = { reads: new Map(), dynamic: [] };
    scanScript(
      'sample.ts',
      [
        "read('SHOAL_A'); read(env, 'S3_B'); reader.integer('SHOAL_C', 1, 0, 2); parse('SHOAL_D', env['SHOAL_D']);",
        'process.env.SHOAL_E; context.env.SHOAL_F; env?.SHOAL_G; process.env["NODE_ENV"];',
        'const { SHOAL_H, OTHER: renamed } = process.env; const NAME = `SHOAL_I`; read(NAME);',
        "// read('SHOAL_COMMENT')\nconst child = { SHOAL_KEY: '1', 'SHOAL_QUOTED_KEY': '2' }; process.env.SHOAL_SET = '3';",
        "log('SHOAL_MESSAGE is unset'); const n = env[name];",
      ].join('\n'),
      scan,
    );
    expect([...scan.reads.keys()].sort()).toEqual(['NODE_ENV', 'OTHER', 'S3_B', 'SHOAL_A', 'SHOAL_C', 'SHOAL_D', 'SHOAL_E', 'SHOAL_F', 'SHOAL_G', 'SHOAL_H', 'SHOAL_I']);
    expect(scan.dynamic).toEqual(['sample.ts: env[name]']);
  });

  it('finds the variables the apps are known to read, in the files known to read them', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.some((file) => SPEC_FILE.test(file))).toBe(false);
    expect([...(ENV.reads.get('SHOAL_SEARCH_TIMEOUT_MS') ?? [])]).toContain('apps/coordinator/src/common/coordinator.config.ts');
    expect([...(ENV.reads.get('S3_PATH_STYLE') ?? [])]).toContain('libs/storage/src/storage-config.ts');
    expect([...(ENV.reads.get('SHOAL_FAISS_ADDON') ?? [])]).toContain('libs/faiss-native/src/load-native.ts');
    expect([...(ENV.reads.get('OPENBLAS_NUM_THREADS') ?? [])]).toContain('libs/faiss-native/src/native/threads.cc');
  });

  it('meets no dynamic env read outside the reader helpers', () => {
    expect(ENV.dynamic.filter((read) => !DYNAMIC_READERS.has(read))).toEqual([]);
  });
});

describe('docs/configuration.md', () => {
  it('documents every environment variable the code reads', () => {
    const documented = new Set(DOCUMENTED.map((row) => row.name));
    const missing = [...ENV.reads.entries()].filter(([name]) => !documented.has(name)).map(([name, files]) => `${name} (read in ${[...files].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('documents no variable that nothing reads', () => {
    expect(DOCUMENTED.map((row) => row.name).filter((name) => !ENV.reads.has(name))).toEqual([]);
  });

  it('has one row per variable, each with Read by, Default, Rule and Meaning', () => {
    const names = DOCUMENTED.map((row) => row.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    for (const row of DOCUMENTED) expect([row.name, row.cells.length, row.cells.every((cell) => cell !== '')]).toEqual([row.name, 5, true]);
  });

  it('names, under Read by, every app and tool whose own sources read the variable', () => {
    const wrong: string[] = [];
    for (const row of DOCUMENTED) {
      const files = [...(ENV.reads.get(row.name) ?? [])];
      for (const [label, folder] of Object.entries(READERS)) {
        if (files.some((file) => file.startsWith(folder)) && !row.cells[1].includes(label)) wrong.push(`${row.name}: Read by lacks ${label}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('docs/operations.md', () => {
  const scan: MetricScan = { names: new Set(), unresolved: [] };
  for (const file of FILES) scanMetrics(file, readFileSync(join(ROOT, file), 'utf8'), scan);
  const documented = tableRowNames(OPERATIONS, /^shoal_[a-z0-9_]+$/).map((row) => row.name);

  it('the metric scan resolves every metric the code builds', () => {
    expect(scan.unresolved).toEqual([]);
    expect([...scan.names]).toEqual(expect.arrayContaining(['shoal_http_requests_total', 'shoal_index_backend', 'shoal_queue_jobs', 'shoal_collection_vectors']));
  });

  it('lists every metric the code registers, in its metrics table', () => {
    expect([...scan.names].filter((name) => !documented.includes(name)).sort()).toEqual([]);
  });

  it('lists no metric that the code does not register', () => {
    expect(documented.filter((name) => !scan.names.has(name))).toEqual([]);
    const mentioned = new Set([...OPERATIONS.matchAll(/`(shoal_[a-z0-9_]+)[`{]/g)].map((match) => match[1]));
    expect([...mentioned].filter((name) => !scan.names.has(name))).toEqual([]);
  });
});
