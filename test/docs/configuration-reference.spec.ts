import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANY_ENV_NAME, ROOT, scanEnv, scanMetricFiles, scanScript, sourceFiles, SPEC_FILE, type EnvScan } from '../support/code-scan';

/**
 * Keeps docs/configuration.md and docs/operations.md true of the code. What counts as a read of an
 * environment variable, and as a registered metric, is test/support/code-scan.ts's rule.
 *
 * Documented variables are the first cells of the table rows of docs/configuration.md
 * (`| \`NAME\` | Read by | …`), one row per variable.
 */

/** `file → expression` of the dynamic env reads that are reader helpers (callers pass literals). */
const DYNAMIC_READERS = new Set([
  'libs/config/src/env-reader.ts: this.env[name]',
  'libs/storage/src/storage-config.ts: env[name]',
]);

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
  const scan = scanMetricFiles(FILES);
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
