import { parseAllDocuments } from 'yaml';
import { expandIncludes, manifestTemplates, readChartFile, readTemplate, readYaml, templateFiles, isObject } from './chart-source';

/**
 * Structure of the templates: probes, checksum annotations, the shard's headless Service, and YAML
 * that stays well-formed once template actions are taken out.
 */
const WORKLOADS = ['coordinator-deployment.yaml', 'shard-statefulset.yaml', 'worker-deployment.yaml'];

/**
 * The template with its actions taken out: comment actions and lines holding only an action are
 * dropped (they render whole blocks through `nindent`, or control flow), other actions become `x`.
 * Both branches of an if/else stay, so duplicate keys are allowed. Sound for the static parts only.
 */
function stripActions(text: string): string {
  return text
    .replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '')
    .split('\n')
    .filter((line) => !/^\s*\{\{[^{}]*\}\}\s*$/.test(line))
    .map((line) => line.replace(/\{\{[^{}]*\}\}/g, 'x'))
    .join('\n');
}

describe('templates', () => {
  it.each(manifestTemplates())('%s parses as YAML with apiVersion and kind once actions are taken out', (file) => {
    const documents = parseAllDocuments(stripActions(readTemplate(file)), { uniqueKeys: false });
    const parsed = documents.map((document) => ({ errors: document.errors.map((error) => error.message), value: document.toJS() as unknown }));
    expect(parsed.flatMap((document) => document.errors)).toEqual([]);
    const objects = parsed.map((document) => document.value).filter((value) => value !== null);
    expect(objects.length).toBe(1);
    for (const object of objects) expect(object).toEqual(expect.objectContaining({ apiVersion: expect.any(String), kind: expect.any(String) }));
  });

  it('the YAML check fails on a misindented template (it can fail)', () => {
    const broken = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n   labels:\n    a: b\n';
    expect(parseAllDocuments(stripActions(broken)).flatMap((document) => document.errors)).not.toEqual([]);
  });

  it.each(templateFiles())('%s: a line holding only a `nindent N` action is indented N spaces', (file) => {
    const wrong = readTemplate(file)
      .split('\n')
      .filter((line) => /^\s*\{\{-[^{}]*\|\s*nindent\s+\d+\s*\}\}\s*$/.test(line))
      .filter((line) => line.length - line.trimStart().length !== Number(/nindent\s+(\d+)/.exec(line)?.[1]));
    expect(wrong).toEqual([]);
  });

  it.each(templateFiles())('%s: every include names a defined helper', (file) => {
    expect(() => expandIncludes(readTemplate(file))).not.toThrow();
  });

  it.each(WORKLOADS)('%s: probes GET /health/live (startup, liveness) and /health/ready (readiness) on the http port', (file) => {
    const text = readTemplate(file);
    for (const [probe, path] of [['startupProbe', '/health/live'], ['livenessProbe', '/health/live'], ['readinessProbe', '/health/ready']]) {
      expect(text).toContain(`${probe}:\n            httpGet:\n              path: ${path}\n              port: http\n`);
    }
  });

  it('the shard startup probe allows at least 10 minutes by default; the others fail fast', () => {
    const values = readYaml('values.yaml');
    const budget = (component: string): number => {
      const block = values[component];
      const probe = isObject(block) ? block['startupProbe'] : undefined;
      return isObject(probe) ? Number(probe['periodSeconds']) * Number(probe['failureThreshold']) : 0;
    };
    expect(budget('shard')).toBeGreaterThanOrEqual(600);
    expect(budget('coordinator')).toBeLessThan(600);
  });

  it.each(WORKLOADS)('%s: pods carry the config and secret checksum annotations', (file) => {
    expect(readTemplate(file)).toContain('annotations:\n        {{- include "shoal.checksumAnnotations" . | nindent 8 }}');
    const helper = expandIncludes('{{ include "shoal.checksumAnnotations" . }}');
    expect(helper).toContain('checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}');
    expect(helper).toMatch(/checksum\/secret: \{\{ toJson \(list \.Values\.auth \.Values\.externalS3 \.Values\.externalRedis [^}]*\) \| sha256sum \}\}/);
  });

  it('the checksum covers every value the Secret is built from', () => {
    const secret = readTemplate('secret.yaml');
    const sources = [...new Set([...secret.matchAll(/\.Values\.([A-Za-z]+(?:\.auth)?)\./g)].map((match) => match[1]))];
    const helper = expandIncludes('{{ include "shoal.checksumAnnotations" . }}');
    for (const source of sources.filter((s) => s !== 'redis' && s !== 'minio')) expect(helper).toContain(`.Values.${source} `);
  });

  it('the StatefulSet serviceName is the headless Service', () => {
    const statefulSet = readTemplate('shard-statefulset.yaml');
    const service = readTemplate('shard-service.yaml');
    expect(statefulSet).toContain('{{- $headless := printf "%s-headless" (include "shoal.componentName" (list . "shard")) -}}');
    expect(statefulSet).toContain('  serviceName: {{ $headless }}\n');
    expect(service).toContain('  name: {{ include "shoal.componentName" (list . "shard") }}-headless\n');
    expect(service).toContain('  clusterIP: None\n');
    expect(service).toContain('  publishNotReadyAddresses: true\n');
    expect(statefulSet).toContain('volumeClaimTemplates:');
    expect(statefulSet).toMatch(/- name: data\n\s+mountPath: \/var\/lib\/shoal/);
  });

  it('workload templates do not override the image command', () => {
    for (const file of WORKLOADS) expect(readTemplate(file)).not.toMatch(/^\s*(command|args):/m);
  });

  it('one <component>-<kind>.yaml per workload object, with the matching kind', () => {
    const kinds: Record<string, string> = { deployment: 'Deployment', statefulset: 'StatefulSet', service: 'Service', pdb: 'PodDisruptionBudget', hpa: 'HorizontalPodAutoscaler' };
    for (const file of manifestTemplates().filter((name) => /^(coordinator|shard|worker)-/.test(name))) {
      const kind = kinds[/^[a-z]+-([a-z]+)\.yaml$/.exec(file)?.[1] ?? ''];
      expect({ file, kind: /^kind: (\w+)$/m.exec(readTemplate(file))?.[1] }).toEqual({ file, kind });
    }
  });

  it('Chart.yaml declares Redis and MinIO as optional dependencies with a values condition, and appVersion follows package.json', () => {
    const chart = readYaml('Chart.yaml');
    const values = readYaml('values.yaml');
    const dependencies = Array.isArray(chart['dependencies']) ? chart['dependencies'] : [];
    expect(dependencies.map((d) => (isObject(d) ? [d['name'], d['condition']] : []))).toEqual([
      ['redis', 'redis.enabled'],
      ['minio', 'minio.enabled'],
    ]);
    for (const name of ['redis', 'minio']) {
      const block = values[name];
      expect(isObject(block) && typeof block['enabled'] === 'boolean').toBe(true);
    }
    expect(chart['apiVersion']).toBe('v2');
    const pkg = JSON.parse(readChartFile('../../package.json')) as { version: string };
    expect(chart['appVersion']).toBe(pkg.version);
  });
});
