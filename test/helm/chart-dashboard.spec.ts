import { scanMetricFiles, sourceFiles } from '../support/code-scan';
import { isObject, readChartFile, readSource, type Json } from './chart-source';

/** The Grafana dashboard parses and queries only metrics the apps export, with their real labels. */
const METRIC_DIRS = ['libs/metrics/src', 'apps/coordinator/src', 'apps/shard/src', 'apps/worker/src'];
/** The TypeScript sources of the metrics library and the three apps, spec files and test harnesses (`testing/`) left out. */
const METRIC_SOURCES = sourceFiles().filter((file) => METRIC_DIRS.some((dir) => file.startsWith(`${dir}/`)) && file.endsWith('.ts') && !file.split('/').includes('testing'));
const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'];

function expressions(panels: Json): string[] {
  if (!Array.isArray(panels)) return [];
  return panels.flatMap((panel) => {
    if (!isObject(panel)) return [];
    const targets = Array.isArray(panel['targets']) ? panel['targets'] : [];
    const own = targets.flatMap((target) => (isObject(target) && typeof target['expr'] === 'string' ? [target['expr']] : []));
    return [...own, ...expressions(panel['panels'] ?? [])];
  });
}

const dashboard = JSON.parse(readChartFile('dashboards/shoal.json')) as Json;
const exprs = isObject(dashboard) ? expressions(dashboard['panels'] ?? []) : [];
/** Metric names declared in the code, and their kinds (test/support/code-scan.ts's rules). */
const scan = scanMetricFiles(METRIC_SOURCES);
const names = scan.names;
const histograms = new Set([...scan.kinds].filter(([, kind]) => kind === 'Histogram').map(([name]) => name));

describe('Grafana dashboard', () => {
  it('parses and has queries', () => {
    expect(isObject(dashboard)).toBe(true);
    expect(exprs.length).toBeGreaterThan(10);
  });

  it('the metric scan finds the histograms and gauges of the code', () => {
    expect(METRIC_SOURCES.length).toBeGreaterThan(0);
    expect(scan.unresolved).toEqual([]);
    expect(scan.unkinded).toEqual([]);
    expect([...names].filter((name) => !scan.kinds.has(name))).toEqual([]);
    expect(histograms).toEqual(new Set(['shoal_http_request_duration_seconds', 'shoal_shard_rpc_duration_seconds', 'shoal_search_batch_queries', 'shoal_job_duration_seconds']));
    expect(names).toContain('shoal_partition_vectors');
    expect(scan.kinds.get('shoal_partition_vectors')).toBe('Gauge');
    expect(scan.kinds.get('shoal_collection_vectors')).toBe('Gauge');
  });

  it.each(exprs)('queries only metrics the apps export: %s', (expr) => {
    const used = [...expr.matchAll(/\b(shoal_[a-z0-9_]+)/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const metric of used) {
      const suffix = HISTOGRAM_SUFFIXES.find((s) => metric.endsWith(s));
      const known = names.has(metric) || (suffix !== undefined && histograms.has(metric.slice(0, -suffix.length)));
      expect({ metric, known }).toEqual({ metric, known: true });
    }
  });

  it('covers search QPS and p50/p99, shard RPCs, partitions, generation, bytes per vector, queues, jobs and the backend', () => {
    const all = exprs.join('\n');
    for (const needle of [
      'rate(shoal_http_requests_total',
      'histogram_quantile(0.5, sum by (le) (rate(shoal_http_request_duration_seconds_bucket',
      'histogram_quantile(0.99, sum by (le) (rate(shoal_http_request_duration_seconds_bucket',
      'shoal_shard_rpc_duration_seconds_bucket',
      'shoal_shard_rpc_errors_total',
      'shoal_partition_vectors',
      'shoal_partition_generation',
      'shoal_partition_index_bytes_per_vector',
      'shoal_queue_jobs',
      'shoal_job_duration_seconds_bucket',
      'shoal_index_backend',
    ]) {
      expect(all).toContain(needle);
    }
  });

  it('selects the search route by the template the coordinator registers, and the app label it exports', () => {
    const controller = /@Controller\('([^']+)'\)/.exec(readSource('apps/coordinator/src/search/search.controller.ts'));
    expect(controller).not.toBeNull();
    const route = `/${controller?.[1] ?? ''}`;
    const searchQueries = exprs.filter((expr) => expr.includes('shoal_http_'));
    expect(searchQueries.length).toBeGreaterThan(0);
    for (const expr of searchQueries) expect(expr).toContain(`route="${route}"`);
    expect(readSource('apps/coordinator/src/metrics/coordinator-metrics.providers.ts')).toContain("app: 'coordinator'");
    for (const expr of searchQueries) expect(expr).toContain('app="coordinator"');
  });

  it('the ConfigMap template loads this file and carries the sidecar label', () => {
    const template = readChartFile('templates/grafana-dashboard-configmap.yaml');
    expect(template).toContain('.Files.Get "dashboards/shoal.json"');
    expect(template).toContain('{{ .Values.monitoring.grafanaDashboard.labelKey }}: {{ .Values.monitoring.grafanaDashboard.labelValue | quote }}');
  });
});
