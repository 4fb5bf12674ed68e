import { MemoryStream } from '../testing/memory-context';
import { nearestRankPercentile as percentile } from '@shoal/datasets';
import { summarizeLatencies } from './latency-stats';
import { ProgressReporter } from './progress-reporter';
import { formatDuration, formatTable, groupDigits } from './table';

describe('table formatting', () => {
  it('pads columns, right-aligning numeric ones', () => {
    expect(formatTable(['A', 'N'], [['x', '1'], ['long', '100']], new Set([1]))).toBe('A       N\nx       1\nlong  100');
  });

  it('groups digits and spells durations', () => {
    expect([0, 999, 1000, 1234567].map(groupDigits)).toEqual(['0', '999', '1,000', '1,234,567']);
    expect([5, 65, 3600 * 2 + 7 * 60].map(formatDuration)).toEqual(['5s', '1m 05s', '2h 07m']);
  });
});

describe('latency stats', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 99, 100]);
    expect(summarizeLatencies([3, 1, 2])).toEqual({ count: 3, p50: 2, p90: 3, p99: 3, max: 3 });
    expect(summarizeLatencies([]).p50).toBeNaN();
  });
});

describe('ProgressReporter', () => {
  it('redraws one line on a terminal, throttled, and ends it on finish', () => {
    let now = 0;
    const tty = new MemoryStream(true);
    const progress = new ProgressReporter(tty, 'import', () => now);
    progress.update(0.1, 'a');
    now = 50;
    progress.update(0.2, 'b'); // within 100 ms: skipped
    now = 200;
    progress.update(1, 'c');
    progress.finish();
    expect(tty.text).toBe(`\r\x1b[2Kimport [###...........................]  10% a\r\x1b[2Kimport [##############################] 100% c\n`);
  });

  it('writes a plain line per 10% step elsewhere, and one at least every 10 s', () => {
    let now = 0;
    const log = new MemoryStream(false);
    const progress = new ProgressReporter(log, 'train docs', () => now);
    for (const fraction of [0, 0.01, 0.05, 0.12, 0.13]) progress.update(fraction, 'active');
    now = 11_000;
    progress.update(0.14, 'active');
    progress.finish();
    expect(log.text).toBe('train docs 0% active\ntrain docs 12% active\ntrain docs 14% active\n');
  });
});
