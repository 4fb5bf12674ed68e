import { ApiError } from './api-error';
import { ImportRequestSchema, TrainRequestSchema, type ImportRequest, type TrainRequest } from './jobs.schema';
import { RequestValidator } from './request-validator';

const train = new RequestValidator<TrainRequest>(TrainRequestSchema);
const importRequest = new RequestValidator<ImportRequest>(ImportRequestSchema);

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error.details['field'];
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('jobs schemas', () => {
  it('train: an optional positive integer sampleSize, nothing else', () => {
    expect(train.parse({})).toEqual({});
    expect(train.parse({ sampleSize: 5000 })).toEqual({ sampleSize: 5000 });
    expect(fieldOf(() => train.parse({ sampleSize: 0 }))).toBe('sampleSize');
    expect(fieldOf(() => train.parse({ sampleSize: 1.5 }))).toBe('sampleSize');
    expect(fieldOf(() => train.parse({ nlist: 4 }))).toBe('nlist');
  });

  it('import: a source key and format, an optional bucket following S3 naming rules', () => {
    const source = { key: 'imports/a/data.fvecs', format: 'fvecs' };
    expect(importRequest.parse({ source })).toEqual({ source });
    expect(importRequest.parse({ source: { ...source, bucket: 'my.data-2' }, idPrefix: 'a-' })).toMatchObject({ idPrefix: 'a-' });
    for (const bucket of ['ab', 'Upper', 'a..b', '-ab', 'ab-', 'a'.repeat(64)]) {
      expect(fieldOf(() => importRequest.parse({ source: { ...source, bucket } }))).toBe('source.bucket');
    }
    expect(fieldOf(() => importRequest.parse({ source: { ...source, key: '' } }))).toBe('source.key');
    expect(fieldOf(() => importRequest.parse({ source: { ...source, key: 'k'.repeat(1025) } }))).toBe('source.key');
    expect(fieldOf(() => importRequest.parse({ source: { ...source, format: 'csv' } }))).toBe('source.format');
    expect(fieldOf(() => importRequest.parse({ source, idPrefix: 'p'.repeat(129) }))).toBe('idPrefix');
    expect(fieldOf(() => importRequest.parse({}))).toBe('source');
  });
});
