import { resolve } from 'node:path';
import { parseStorageConfig } from './storage-config';
import { StorageError, StorageErrorCode } from './storage.error';

const s3Env = { S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY: 'minio', S3_SECRET_KEY: 'minio-secret' };

function configError(env: Record<string, string>): StorageError {
  try {
    parseStorageConfig(env);
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('parseStorageConfig', () => {
  it('defaults to the filesystem store in ./data/objects', () => {
    expect(parseStorageConfig({})).toEqual({ kind: 'fs', root: resolve('data', 'objects') });
    expect(parseStorageConfig({ SHOAL_DATA_DIR: '/var/lib/shoal' })).toEqual({ kind: 'fs', root: '/var/lib/shoal/objects' });
  });

  it('selects S3 when S3_ENDPOINT is set, with MinIO-friendly defaults', () => {
    expect(parseStorageConfig(s3Env)).toEqual({
      kind: 's3',
      endPoint: '127.0.0.1',
      port: 9000,
      useSSL: false,
      accessKey: 'minio',
      secretKey: 'minio-secret',
      bucket: 'shoal',
      region: 'us-east-1',
      pathStyle: true,
    });
  });

  it('reads TLS, default ports, bucket, region and path style', () => {
    const config = parseStorageConfig({ ...s3Env, S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com', S3_BUCKET: 'my.bucket', S3_REGION: 'eu-west-1', S3_PATH_STYLE: 'false' });
    expect(config).toMatchObject({ kind: 's3', endPoint: 's3.eu-west-1.amazonaws.com', port: 443, useSSL: true, bucket: 'my.bucket', region: 'eu-west-1', pathStyle: false });
    expect(parseStorageConfig({ ...s3Env, S3_ENDPOINT: 'http://minio' })).toMatchObject({ port: 80, useSSL: false });
    expect(parseStorageConfig({ ...s3Env, S3_ENDPOINT: 'http://[::1]:9000' })).toMatchObject({ endPoint: '::1' });
  });

  it('lets SHOAL_STORAGE=fs override a set S3_ENDPOINT', () => {
    expect(parseStorageConfig({ ...s3Env, SHOAL_STORAGE: 'fs' })).toMatchObject({ kind: 'fs' });
  });

  it('treats empty variables as unset', () => {
    expect(parseStorageConfig({ S3_ENDPOINT: '', SHOAL_DATA_DIR: '' })).toMatchObject({ kind: 'fs', root: resolve('data', 'objects') });
  });

  it('lists every bad variable at once, never echoing the secret', () => {
    const error = configError({
      SHOAL_STORAGE: 's3',
      S3_ENDPOINT: 'ftp://files.example.com',
      S3_SECRET_KEY: 'top-secret',
      S3_BUCKET: 'Bad_Bucket',
      S3_REGION: 'EU WEST',
      S3_PATH_STYLE: 'constructor',
    });
    expect(error.code).toBe(StorageErrorCode.Config);
    expect(error.problems).toEqual([
      'S3_ENDPOINT="ftp://files.example.com" must start with http:// or https://',
      'S3_ACCESS_KEY is required for S3 storage',
      'S3_BUCKET="Bad_Bucket" must be 3 to 63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit',
      'S3_REGION="EU WEST" must be lowercase letters, digits and "-" (e.g. us-east-1)',
      'S3_PATH_STYLE="constructor" must be true or false',
    ]);
    for (const problem of error.problems) expect(error.message).toContain(problem);
    expect(error.message).not.toContain('top-secret');
  });

  it('reports an unknown SHOAL_STORAGE together with the S3 problems it would hide', () => {
    expect(configError({ SHOAL_STORAGE: 'gcs', S3_ENDPOINT: 'not a url' }).problems).toEqual([
      'SHOAL_STORAGE="gcs" must be "fs" or "s3"',
      'S3_ENDPOINT="not a url" must be a URL such as http://127.0.0.1:9000',
      'S3_ACCESS_KEY is required for S3 storage',
      'S3_SECRET_KEY is required for S3 storage',
    ]);
  });

  it('requires an endpoint when S3 is requested explicitly, and rejects paths in it', () => {
    expect(configError({ SHOAL_STORAGE: 's3', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' }).problems).toEqual([
      'S3_ENDPOINT is required for S3 storage (e.g. http://127.0.0.1:9000)',
    ]);
    expect(configError({ ...s3Env, S3_ENDPOINT: 'http://minio:9000/shoal' }).problems).toEqual([
      'S3_ENDPOINT="http://minio:9000/shoal" must be scheme, host and optional port only (the bucket goes in S3_BUCKET)',
    ]);
  });
});
