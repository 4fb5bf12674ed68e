import { startS3rver } from './s3rver.harness';

// The S3 semantics are exercised by libs/storage's contract tests against this harness; here only
// the harness itself: it listens where it says, speaks S3, and stops.
describe('startS3rver', () => {
  it('serves the S3 API at its endpoint until stopped', async () => {
    const server = await startS3rver();
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect([server.accessKey, server.secretKey]).toEqual(['S3RVER', 'S3RVER']);
    const response = await fetch(`${server.endpoint}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('ListAllMyBucketsResult');
    await server.stop();
    await server.stop();
    await expect(fetch(`${server.endpoint}/`)).rejects.toThrow();
  });

  it('listens on a requested port', async () => {
    const first = await startS3rver();
    const port = first.port;
    await first.stop();
    const again = await startS3rver(port);
    expect(again.port).toBe(port);
    await again.stop();
  });
});
