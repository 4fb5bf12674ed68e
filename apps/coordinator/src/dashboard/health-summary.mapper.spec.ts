import { toHealthSummary } from './health-summary.mapper';

describe('toHealthSummary', () => {
  it('is ready when every indicator is up', () => {
    const summary = toHealthSummary({ status: 'ok', info: {}, error: {}, details: { redis: { status: 'up' }, objectStore: { status: 'up' }, shards: { status: 'up', collections: 2 } } });
    expect(summary).toEqual({ ready: true, indicators: [{ name: 'redis', up: true }, { name: 'objectStore', up: true }, { name: 'shards', up: true }] });
  });

  it('names the indicators down and why', () => {
    const summary = toHealthSummary({
      status: 'error',
      details: { redis: { status: 'up' }, shards: { status: 'down', message: '1 shards have no live active replica', uncovered: ['docs/1'] } },
    });
    expect(summary).toEqual({
      ready: false,
      indicators: [
        { name: 'redis', up: true },
        { name: 'shards', up: false, message: '1 shards have no live active replica' },
      ],
    });
  });

  it('is not ready while shutting down', () => {
    expect(toHealthSummary({ status: 'shutting_down', details: {} }).ready).toBe(false);
  });
});
