import { hasPath, isObject, leafPathsOf, readChartFile, readTemplate, readYaml, templateFiles, type Json, type JsonObject } from './chart-source';
import { valuesReferences } from './values-references';

/**
 * Every `.Values` path a template reads exists in values.yaml and is declared in
 * values.schema.json, and every key of values.yaml is read by a template (or belongs to a subchart).
 *
 * Soundness rests on the chart's template rule, written in templates/_helpers.tpl: values are read
 * as full `.Values.a.b` paths; inside `with .Values.x` only `.` (or `.field`); never via
 * `index`/`get` on .Values, a variable bound to a values sub-tree, or a `range` item's field. The
 * scanner reports any break of that rule as a violation, and the first test requires none.
 */
const values = readYaml('values.yaml');
const schema = JSON.parse(readChartFile('values.schema.json')) as JsonObject;
/** Values passed through to the Bitnami subcharts: their other keys are the subcharts' business. */
const SUBCHARTS = ['redis', 'minio'];

function referencesOf(file: string): Set<string> {
  return valuesReferences(readTemplate(file), file).paths;
}

const referenced = new Set(templateFiles().flatMap((file) => [...referencesOf(file)]));

/** True when the schema declares `path` through nested `properties` (no free-form objects). */
function schemaDeclares(path: string): boolean {
  let node: Json | undefined = schema;
  for (const key of path.split('.')) {
    if (!isObject(node)) return false;
    const properties: Json | undefined = node['properties'];
    if (!isObject(properties) || !(key in properties)) return false;
    node = properties[key];
  }
  return true;
}

describe('values references of the templates', () => {
  it('follow the template rule in every file, so the scan below sees every path', () => {
    const violations = templateFiles().flatMap((file) => valuesReferences(readTemplate(file), file).violations);
    expect(violations).toEqual([]);
  });

  it('the scanner reports templates that break the rule (so the check above can fail)', () => {
    const bad = [
      '{{ toYaml .Values }}',
      '{{ index .Values "coordinator" }}',
      '{{- $c := .Values.coordinator }}{{ $c.image.tag }}',
      '{{- range .Values.auth.apiKeys }}{{ .name }}{{- end }}',
      '{{ .Valeus.coordinator.image.tag }}',
      '{{- if .Values.a }}',
    ];
    for (const template of bad) expect(valuesReferences(template, 'bad.yaml').violations).not.toEqual([]);
  });

  it('the scanner resolves `with` contexts and full paths', () => {
    const template = '{{- with .Values.shard.persistence }}{{ .size }}{{ toYaml . }}{{- end }}{{ $.Values.cluster.backend }}{{ $root.Values.clusterDomain }}';
    expect([...valuesReferences(template, 'ok.yaml').paths].sort()).toEqual([
      'cluster.backend',
      'clusterDomain',
      'shard.persistence',
      'shard.persistence.size',
    ]);
  });

  it('finds the values of every component and of the shared blocks', () => {
    for (const path of ['coordinator.service.port', 'shard.service.port', 'worker.service.port', 'cluster.backend', 'auth.existingSecret', 'externalS3.endpoint']) {
      expect(referenced).toContain(path);
    }
  });

  it.each([...referenced].sort())('%s exists in values.yaml and values.schema.json', (path) => {
    expect(hasPath(values, path)).toBe(true);
    expect(schemaDeclares(path)).toBe(true);
  });

  it('every key of values.yaml is read by a template or passed to a subchart (no dead values)', () => {
    const unread = leafPathsOf(values).filter(
      (path) => !SUBCHARTS.includes(path.split('.')[0]) && ![...referenced].some((ref) => path === ref || path.startsWith(`${ref}.`)),
    );
    expect(unread).toEqual([]);
  });

  it('every component block has the same common keys', () => {
    const common = ['replicaCount', 'image', 'service', 'resources', 'startupProbe', 'livenessProbe', 'readinessProbe', 'terminationGracePeriodSeconds', 'nodeSelector', 'affinity', 'tolerations', 'topologySpreadConstraints', 'podAnnotations', 'podLabels', 'extraEnv'];
    for (const component of ['coordinator', 'shard', 'worker']) {
      const block = values[component];
      expect(isObject(block) ? Object.keys(block) : []).toEqual(expect.arrayContaining(common));
      for (const key of common) expect(referenced).toContain(`${component}.${key === 'image' ? 'image.repository' : key === 'service' ? 'service.port' : key}`);
    }
  });
});
