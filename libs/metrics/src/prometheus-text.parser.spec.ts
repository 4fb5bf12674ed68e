import { parsePrometheusText } from './prometheus-text.parser';

describe('parsePrometheusText', () => {
  it('reads samples with labels, escapes, infinities and timestamps', () => {
    const text = [
      '# HELP x_total things',
      '# TYPE x_total counter',
      'x_total{a="1",b="q\\"uote\\\\"} 3',
      'up 1 1700000000000',
      'h_bucket{le="+Inf"} 2',
      'g -Inf',
      '',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'x_total', labels: { a: '1', b: 'q"uote\\' }, value: 3 },
      { name: 'up', labels: {}, value: 1 },
      { name: 'h_bucket', labels: { le: '+Inf' }, value: 2 },
      { name: 'g', labels: {}, value: Number.NEGATIVE_INFINITY },
    ]);
  });

  it('throws on a line that is not a sample, naming it', () => {
    expect(() => parsePrometheusText('ok 1\n{"json": true}')).toThrow('line 2 is not a sample');
    expect(() => parsePrometheusText('x{a=1} 1')).toThrow('line 1 has malformed labels');
    expect(() => parsePrometheusText('x abc')).toThrow('line 1 is not a sample');
  });
});
