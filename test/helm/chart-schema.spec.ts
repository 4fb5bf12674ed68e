import Ajv, { type ValidateFunction } from 'ajv';
import { ciValueFiles, mergeValues, readChartFile, readYaml, type JsonObject } from './chart-source';

/** values.schema.json (draft-07, as Helm 3 applies it) accepts the defaults and every ci scenario, and refuses wrong values. */
const schema = JSON.parse(readChartFile('values.schema.json')) as JsonObject;
const defaults = readYaml('values.yaml');

function compile(): ValidateFunction {
  // strict: a typo in a schema keyword is an error rather than a silently ignored constraint.
  return new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
}

const validate = compile();

function errorsOf(override: JsonObject): string[] {
  const ok = validate(mergeValues(defaults, override));
  return ok ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

describe('values.schema.json', () => {
  it('is a draft-07 schema', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts values.yaml', () => {
    expect(errorsOf({})).toEqual([]);
  });

  it('has at least the four documented ci scenarios', () => {
    expect(ciValueFiles()).toEqual(
      expect.arrayContaining(['default-values.yaml', 'external-services-values.yaml', 'existing-secret-values.yaml', 'production-values.yaml']),
    );
  });

  it.each(ciValueFiles())('accepts ci/%s merged over values.yaml', (file) => {
    expect(errorsOf(readYaml(`ci/${file}`))).toEqual([]);
  });

  const external = {
    redis: { enabled: false },
    minio: { enabled: false },
    externalRedis: { url: 'redis://redis:6379' },
    externalS3: { endpoint: 'http://s3:9000', accessKey: 'a', secretKey: 'b' },
  };

  it.each<[string, JsonObject]>([
    ['a negative replica count', { coordinator: { replicaCount: -1 } }],
    ['a replica count given as a string', { shard: { replicaCount: '3' } }],
    ['an unknown backend', { cluster: { backend: 'annoy' } }],
    ['an unknown log level', { cluster: { logLevel: 'verbose' } }],
    ['a misspelt component key', { coordinator: { replicas: 2 } }],
    ['an unknown top-level key', { coordinater: {} }],
    ['a cluster token shorter than 16 characters', { auth: { clusterToken: 'short' } }],
    ['an API key containing a comma', { auth: { apiKeys: ['key-0123456789abcdef,key-0123456789abcdeg'] } }],
    ['an API key shorter than 16 characters', { auth: { apiKeys: ['short-key'] } }],
    ['a port out of range', { shard: { service: { port: 70000 } } }],
    ['an invalid bucket name', { s3: { bucket: 'My_Bucket' } }],
    ['an S3 endpoint with a path', { ...external, externalS3: { ...external.externalS3, endpoint: 'http://s3:9000/shoal' } }],
    ['a Redis URL that is not redis://', { ...external, externalRedis: { url: 'http://redis:6379' } }],
    ['MinIO disabled without an S3 endpoint', { ...external, externalS3: { accessKey: 'a', secretKey: 'b' } }],
    ['MinIO disabled without S3 credentials or existingSecret', { ...external, externalS3: { endpoint: 'http://s3:9000' } }],
    ['Redis disabled without a URL or existingSecret', { ...external, externalRedis: {} }],
    ['a startup probe that can never fail (failureThreshold 0)', { shard: { startupProbe: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 0 } } }],
    ['an extraEnv entry without a name', { worker: { extraEnv: [{ value: 'x' }] } }],
    ['an unknown podManagementPolicy', { shard: { podManagementPolicy: 'Random' } }],
    ['a Redis password that would break REDIS_URL', { redis: { auth: { password: 'p@ss/word' } } }],
  ])('rejects %s', (_label, override) => {
    expect(errorsOf(override)).not.toEqual([]);
  });

  it('accepts external services given through existing Secrets only', () => {
    expect(
      errorsOf({
        ...external,
        externalRedis: { existingSecret: 'redis-url' },
        externalS3: { endpoint: 'https://s3.amazonaws.com', existingSecret: 's3' },
      }),
    ).toEqual([]);
  });
});
