import { templateRecordProblem, type TemplateRecord } from './template-record';

describe('templateRecordProblem', () => {
  const record: TemplateRecord = {
    upload: 'a1b2c3',
    bytes: 1024,
    info: {
      generation: 3,
      dimension: 16,
      metric: 'l2',
      index: { type: 'ivf_pq', nlist: 8, m: 4 },
      sampleSize: 500,
      scannedUpserts: 900,
      trainSeconds: 0.5,
      recallEstimate: null,
      createdAt: '2024-01-01T00:00:00.000Z',
    },
  };

  it('accepts the record of its generation', () => {
    expect(templateRecordProblem(record, 3)).toBeNull();
  });

  it('names what is wrong', () => {
    expect(templateRecordProblem(record, 4)).toBe('info.generation is 3, the key says 4');
    expect(templateRecordProblem({ ...record, upload: 'a/b' }, 3)).toBe('upload "a/b" is not a plain name');
    expect(templateRecordProblem({ ...record, bytes: 0 }, 3)).toBe('bytes is not a positive integer');
    expect(templateRecordProblem({ ...record, info: { ...record.info, metric: 'dot' } }, 3)).toBe('info.metric "dot" is not "l2", "ip" or "cosine"');
    expect(templateRecordProblem({ ...record, info: { ...record.info, index: { type: 'flat' } } }, 3)).toBe('info.index is not an IVF-PQ spec');
    expect(templateRecordProblem('nope', 3)).toBe('not a JSON object');
  });
});
