import { Counter } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry.factory';
import { metricsText } from './metrics-text';
import { parsePrometheusText } from './prometheus-text.parser';

describe('createMetricsRegistry', () => {
  it('labels every series with app and instance and collects Node metrics', async () => {
    const registry = createMetricsRegistry({ app: 'shard', instance: 'shard-1' });
    new Counter({ name: 'shoal_test_total', help: 'test', registers: [registry] }).inc(2);
    const { contentType, body } = await metricsText(registry);
    expect(contentType).toBe(registry.contentType);
    expect(contentType).toMatch(/^text\/plain/);
    const samples = parsePrometheusText(body);
    expect(samples).toContainEqual({ name: 'shoal_test_total', labels: { app: 'shard', instance: 'shard-1' }, value: 2 });
    expect(samples.find((s) => s.name === 'process_resident_memory_bytes' || s.name === 'nodejs_heap_size_used_bytes')?.labels).toMatchObject({ app: 'shard' });
  });

  it('keeps two processes apart in one Node process (tests run several apps)', async () => {
    const a = createMetricsRegistry({ app: 'coordinator', instance: 'a' });
    const b = createMetricsRegistry({ app: 'worker', instance: 'b' });
    new Counter({ name: 'only_in_a_total', help: 'a', registers: [a] }).inc();
    expect(await b.metrics()).not.toContain('only_in_a_total');
    expect(await a.metrics()).toContain('only_in_a_total');
  });
});
