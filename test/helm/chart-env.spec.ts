import { envNamesRead } from '../support/code-scan';
import { ciValueFiles, expandIncludes, isObject, readChartFile, readTemplate, readYaml, sourceFiles } from './chart-source';

/**
 * The environment the chart gives each component is made of names the component really reads
 * (scanned from its config sources), and includes the variables it cannot start without.
 */
const WORKLOADS = { coordinator: 'coordinator-deployment.yaml', shard: 'shard-statefulset.yaml', worker: 'worker-deployment.yaml' } as const;
type Component = keyof typeof WORKLOADS;
const COMPONENTS = Object.keys(WORKLOADS) as Component[];

/** Where each app reads its environment: its own sources, the shared readers it uses, and @shoal/storage's parser. */
const CONFIG_SOURCES: Record<Component, string[]> = {
  coordinator: [...sourceFiles('apps/coordinator/src'), ...sourceFiles('libs/config/src'), 'libs/storage/src/storage-config.ts'],
  shard: [...sourceFiles('apps/shard/src'), ...sourceFiles('libs/config/src'), 'libs/storage/src/storage-config.ts'],
  worker: [...sourceFiles('apps/worker/src'), ...sourceFiles('libs/config/src'), 'libs/storage/src/storage-config.ts'],
};

/** Variables set only to feed Kubernetes $(VAR) expansion in later variables; no app reads them. */
const EXPANSION_ONLY = ['POD_NAME', 'POD_NAMESPACE', 'REDIS_PASSWORD'];

/** Environment names the sources of a component read (test/support/code-scan.ts's rules). */
function namesRead(component: Component): Set<string> {
  return envNamesRead(CONFIG_SOURCES[component]);
}

/** Keys of the shared ConfigMap, which every workload loads with envFrom. */
function configMapKeys(): string[] {
  return [...readTemplate('configmap.yaml').matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]);
}

/** The workload with its helpers expanded. */
function expanded(component: Component): string {
  return expandIncludes(readTemplate(WORKLOADS[component]));
}

/** Every variable name the chart can set in a component's container (all if/else branches). */
function envSet(component: Component): string[] {
  const text = expanded(component);
  const direct = [...text.matchAll(/^\s*- name: ([A-Z][A-Z0-9_]*)\s*$/gm)].map((match) => match[1]);
  const fromConfigMap = /configMapRef:\s*\n\s*name: \{\{ include "shoal\.fullname" \. \}\}-env/.test(readTemplate(WORKLOADS[component])) ? configMapKeys() : [];
  return [...new Set([...direct, ...fromConfigMap])];
}

describe('environment of the workloads', () => {
  it('the scan finds the configuration the apps are known to read', () => {
    expect([...namesRead('coordinator')]).toEqual(expect.arrayContaining(['REDIS_URL', 'SHOAL_PORT', 'S3_ENDPOINT']));
    expect([...namesRead('shard')]).toEqual(expect.arrayContaining(['SHOAL_WORKER_ID', 'SHOAL_ADVERTISE_URL', 'SHOAL_LOG_LEVEL']));
    expect([...namesRead('worker')]).not.toContain('SHOAL_ADVERTISE_URL');
  });

  it.each(COMPONENTS)('%s: every variable the chart sets is one the app reads', (component) => {
    const read = namesRead(component);
    const unknown = envSet(component).filter((name) => !read.has(name) && !EXPANSION_ONLY.includes(name));
    expect(unknown).toEqual([]);
  });

  it.each(COMPONENTS)('%s: each expansion-only variable is declared before the variables that expand it', (component) => {
    const text = expanded(component);
    for (const name of EXPANSION_ONLY) {
      const uses = [...text.matchAll(new RegExp(`\\$\\(${name}\\)`, 'g'))].map((match) => match.index ?? 0);
      const declaration = text.search(new RegExp(`- name: ${name}\\s*\\n`));
      if (declaration === -1) {
        expect(uses).toEqual([]);
        continue;
      }
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect(use).toBeGreaterThan(declaration);
    }
  });

  const REQUIRED: Record<Component, string[]> = {
    coordinator: ['SHOAL_CLUSTER_TOKEN', 'SHOAL_HOST', 'SHOAL_PORT', 'SHOAL_COORDINATOR_ID', 'SHOAL_API_KEYS', 'SHOAL_READ_ONLY_API_KEYS'],
    shard: ['SHOAL_CLUSTER_TOKEN', 'SHOAL_WORKER_ID', 'SHOAL_SHARD_HOST', 'SHOAL_SHARD_PORT', 'SHOAL_ADVERTISE_URL', 'SHOAL_DATA_DIR', 'SHOAL_BACKEND'],
    worker: ['SHOAL_WORKER_ID', 'SHOAL_WORKER_HOST', 'SHOAL_WORKER_PORT', 'SHOAL_DATA_DIR', 'SHOAL_BACKEND'],
  };
  const SHARED = ['REDIS_URL', 'SHOAL_STORAGE', 'S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET', 'S3_REGION', 'S3_PATH_STYLE', 'SHOAL_REDIS_PREFIX', 'SHOAL_LOG_LEVEL'];

  it.each(COMPONENTS)('%s: the required and shared variables are set', (component) => {
    expect(envSet(component)).toEqual(expect.arrayContaining([...SHARED, ...REQUIRED[component]]));
  });

  it('storage is S3, never the filesystem store, in every pod', () => {
    expect(readTemplate('configmap.yaml')).toMatch(/^ {2}SHOAL_STORAGE: "s3"$/m);
  });

  it.each(COMPONENTS)('%s: the listen port variable, the container port and the probes use the same value', (component) => {
    const portVariable = { coordinator: 'SHOAL_PORT', shard: 'SHOAL_SHARD_PORT', worker: 'SHOAL_WORKER_PORT' }[component];
    const text = readTemplate(WORKLOADS[component]);
    const port = `.Values.${component}.service.port`;
    expect(text).toContain(`- name: ${portVariable}\n              value: {{ ${port} | quote }}`);
    expect(text).toContain(`containerPort: {{ ${port} }}`);
    expect(text).toMatch(/- name: http\n\s+containerPort:/);
  });

  it.each(COMPONENTS)('%s: listens on all interfaces (the apps default to 127.0.0.1)', (component) => {
    const hostVariable = { coordinator: 'SHOAL_HOST', shard: 'SHOAL_SHARD_HOST', worker: 'SHOAL_WORKER_HOST' }[component];
    expect(readTemplate(WORKLOADS[component])).toContain(`- name: ${hostVariable}\n              value: "0.0.0.0"`);
  });

  it('the shard identity is the pod name and its URL the pod DNS name under the headless Service', () => {
    const text = readTemplate('shard-statefulset.yaml');
    expect(text).toContain('- name: SHOAL_WORKER_ID\n              value: "$(POD_NAME)"');
    expect(text).toContain('value: {{ printf "http://$(POD_NAME).%s.$(POD_NAMESPACE).svc.%s:%v" $headless .Values.clusterDomain .Values.shard.service.port | quote }}');
    expect(readChartFile('templates/_helpers.tpl')).toMatch(/- name: POD_NAME\n\s+valueFrom:\n\s+fieldRef:\n\s+fieldPath: metadata\.name/);
  });

  it.each(ciValueFiles())('ci/%s: extraEnv names are read by their component', (file) => {
    const scenario = readYaml(`ci/${file}`);
    for (const component of COMPONENTS) {
      const block = scenario[component];
      const extra = isObject(block) && Array.isArray(block['extraEnv']) ? block['extraEnv'] : [];
      for (const entry of extra) {
        const name = isObject(entry) ? entry['name'] : undefined;
        expect(typeof name === 'string' && namesRead(component).has(name)).toBe(true);
      }
    }
  });
});
