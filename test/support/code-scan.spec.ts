import { scanMetrics, type MetricScan } from './code-scan';

const emptyScan = (): MetricScan => ({ names: new Set(), unresolved: [], kinds: new Map(), unkinded: [] });

/** scanMetrics over inline sources (`file → text`). */
function scan(sources: Record<string, string>): MetricScan {
  const result = emptyScan();
  for (const [file, text] of Object.entries(sources)) scanMetrics(file, text, result);
  return result;
}

describe('scanMetrics kinds', () => {
  it('gives a literal name the class constructed around it (rule K1), each its own', () => {
    const result = scan({
      'libs/m/src/a.ts': `
        const requests = new Counter({ name: 'shoal_a_total', help: 'a', labelNames: ['x'] });
        const latency = new Histogram({ name: 'shoal_a_seconds', help: 'a', buckets: [0.1, 1] });
        new Gauge({ name: 'shoal_a_depth', help: 'a', collect() { this.set(1); } });
        new Summary<string>({ name: 'shoal_a_quantiles', help: 'a' });
      `,
    });
    expect(result.kinds).toEqual(
      new Map([
        ['shoal_a_total', 'Counter'],
        ['shoal_a_seconds', 'Histogram'],
        ['shoal_a_depth', 'Gauge'],
        ['shoal_a_quantiles', 'Summary'],
      ]),
    );
    expect(result.unkinded).toEqual([]);
  });

  it('does not let a constructor lend its class to the literal name of the next one', () => {
    const result = scan({ 'libs/m/src/b.ts': `new Histogram({ help: 'h', name: 'shoal_b_seconds' }); new Gauge({ name: 'shoal_b_up', help: 'g' });` });
    expect(result.kinds.get('shoal_b_seconds')).toBe('Histogram');
    expect(result.kinds.get('shoal_b_up')).toBe('Gauge');
  });

  it('gives table rows the class of the constructors of their file whose name is not a literal (rule K2)', () => {
    const result = scan({
      'apps/s/src/gauges.ts': `
        const FIGURES = [
          { name: 'shoal_p_vectors', help: 'v', figure: 'vectors' },
          { name: 'shoal_p_generation', help: 'g', figure: 'generation' },
        ];
        for (const { name, help } of FIGURES) new Gauge({ name, help });
        new Histogram({ name: 'shoal_p_seconds', help: 'h' });
      `,
      'apps/s/src/timings.ts': `
        const TIMINGS = [{ name: 'shoal_t_seconds', help: 't' }];
        for (const row of TIMINGS) new Histogram({ name: row.name, help: row.help, buckets: [1] });
      `,
    });
    expect(result.kinds).toEqual(
      new Map([
        ['shoal_p_seconds', 'Histogram'],
        ['shoal_p_vectors', 'Gauge'],
        ['shoal_p_generation', 'Gauge'],
        ['shoal_t_seconds', 'Histogram'],
      ]),
    );
    expect(result.unkinded).toEqual([]);
  });

  it('leaves a table row kindless, and says so, when its file has no such constructor or several classes of them', () => {
    const result = scan({
      'apps/s/src/table-only.ts': `export const ROWS = [{ name: 'shoal_x_total', help: 'x' }];`,
      'apps/s/src/mixed.ts': `
        const ROWS = [{ name: 'shoal_y_a', help: 'a' }];
        for (const r of ROWS) new Gauge({ name: r.name, help: r.help });
        for (const r of ROWS) new Histogram({ name: r.name, help: r.help });
      `,
    });
    expect(result.kinds).toEqual(new Map());
    expect(result.unkinded).toEqual([
      'apps/s/src/table-only.ts: shoal_x_total is a table row beside no constructor with a non-literal name',
      'apps/s/src/mixed.ts: shoal_y_a is a table row beside constructors of several classes (Gauge, Histogram)',
    ]);
    expect(result.names).toEqual(new Set(['shoal_x_total', 'shoal_y_a']));
  });

  it('reports a name built as two kinds, keeping the first', () => {
    const result = scan({ 'a.ts': `new Counter({ name: 'shoal_z', help: 'z' });`, 'b.ts': `new Histogram({ name: 'shoal_z', help: 'z' });` });
    expect(result.kinds.get('shoal_z')).toBe('Counter');
    expect(result.unkinded).toEqual(['b.ts: shoal_z is built as a Histogram here and as a Counter elsewhere']);
  });

  it('reports a file with a non-literal name and no table row as unresolved, even beside a literal one', () => {
    const result = emptyScan();
    scanMetrics('apps/s/src/dynamic.ts', `new Counter({ name: prefix + '_total', help: 'd' });`, result);
    scanMetrics('apps/s/src/both.ts', `new Counter({ name: 'shoal_b_total', help: 'b' }); new Gauge({ name: other, help: 'o' });`, result);
    expect(result.unresolved).toEqual(['apps/s/src/dynamic.ts', 'apps/s/src/both.ts']);
  });

  it('reports names and unresolved files, and skips files that are not scripts', () => {
    const result = emptyScan();
    scanMetrics('apps/s/src/dynamic.ts', `new Counter({ name: prefix + '_total', help: 'd' });`, result);
    scanMetrics('apps/s/src/literal.ts', `new Counter({ name: 'shoal_l_total', help: 'l' });`, result);
    scanMetrics('apps/s/src/native.cc', `new Counter({ name: 'shoal_native_total' })`, result);
    expect(result.names).toEqual(new Set(['shoal_l_total']));
    expect(result.unresolved).toEqual(['apps/s/src/dynamic.ts']);
    expect(result.kinds).toEqual(new Map([['shoal_l_total', 'Counter']]));
    expect(result.unkinded).toEqual([]);
  });
});
