import { startRedisServer, type RunningRedisServer } from '@shoal/testing';
import { Redis } from 'ioredis';
import { RedisScript } from './redis-script';

let server: RunningRedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

describe('RedisScript', () => {
  it('runs on first use and again after the server lost its script cache (a Redis restart)', async () => {
    const script = new RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    expect(await script.run(redis, ['script-test'], [2])).toBe(2);
    await redis.script('FLUSH');
    expect(await script.run(redis, ['script-test'], [3])).toBe(5);
  });

  it('passes script errors through', async () => {
    await expect(new RedisScript("return redis.call('NOSUCHCOMMAND')").run(redis, [], [])).rejects.toThrow(/Unknown Redis command|unknown command/i);
  });
});
