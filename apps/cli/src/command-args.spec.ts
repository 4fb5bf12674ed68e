import { UsageError } from './cli.error';
import { intOption, parseCommandArgs, parseVectorOption, secondsOption } from './command-args';
import { importFormat } from './commands/import.command';

describe('command arguments', () => {
  it('parses strictly and counts positionals', () => {
    const options = { k: { type: 'string' }, json: { type: 'boolean' } } as const;
    expect(parseCommandArgs('search', ['docs', '--k', '5', '--json'], options, { min: 1, max: 1, names: 'a NAME' })).toMatchObject({ values: { k: '5', json: true }, positionals: ['docs'] });
    expect(() => parseCommandArgs('search', ['--k'], options, { min: 0, max: 1, names: 'a NAME' })).toThrow(UsageError);
    expect(() => parseCommandArgs('search', [], options, { min: 1, max: 1, names: 'a NAME' })).toThrow('search needs a NAME');
  });

  it('reads bounded integers and seconds', () => {
    expect(intOption('bench', 'concurrency', undefined, 8, 1, 64)).toBe(8);
    expect(intOption('bench', 'concurrency', '16', 8, 1, 64)).toBe(16);
    expect(() => intOption('bench', 'concurrency', '65', 8, 1, 64)).toThrow("--concurrency must be an integer from 1 to 64, got '65'");
    expect(() => intOption('bench', 'seed', 'x', 1, 0)).toThrow("--seed must be an integer from 0 up, got 'x'");
    expect(secondsOption('bench', 'duration', '0.5', 10)).toBe(0.5);
    expect(() => secondsOption('bench', 'duration', '0', 10)).toThrow("--duration must be a positive number of seconds, got '0'");
  });

  it('reads a vector as a JSON array of finite numbers', () => {
    expect(parseVectorOption('search', '[0.5, -1, 2e3]')).toEqual([0.5, -1, 2000]);
    for (const bad of ['[]', '0.5', '[1, null]', '{"0": 1}', '[1,']) expect(() => parseVectorOption('search', bad)).toThrow('--vector must be a JSON array');
  });

  it('takes the import format from --format or the extension', () => {
    expect(importFormat(undefined, 'data/base.FVECS')).toBe('fvecs');
    expect(importFormat(undefined, 'rows.ndjson')).toBe('jsonl');
    expect(importFormat('npy', 'rows.bin')).toBe('npy');
    expect(() => importFormat('csv', 'rows.csv')).toThrow("--format must be one of fvecs, npy, jsonl, got 'csv'");
  });
});
