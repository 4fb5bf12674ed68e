import { S3ObjectStore } from '@shoal/storage';
import { startS3rver } from './s3rver.harness';

describe('startS3rver', () => {
  it('serves the S3 API at its endpoint with its fixed credentials until stopped', async () => {
    const server = await startS3rver();
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    const store = new S3ObjectStore({
      endPoint: '127.0.0.1',
      port: server.port,
      useSSL: false,
      accessKey: server.accessKey,
      secretKey: server.secretKey,
      bucket: 'harness-test',
      retries: 0,
    });
    await store.init();
    await store.put('a/b', Buffer.from('hello'));
    expect((await store.get('a/b')).toString()).toBe('hello');
    await server.stop();
    await server.stop();
    await expect(store.ping()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
