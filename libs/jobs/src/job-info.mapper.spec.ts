import { JobTypeSchema } from '@shoal/contracts';
import { publicJobState, toJobInfo, type StoredJob } from './job-info.mapper';
import { JobName } from './job-names';

const stored: StoredJob = {
  id: 'import.docs.0123abcd.00112233aabbccdd',
  name: 'import',
  data: { collection: 'docs' },
  progress: 0.25,
  returnvalue: null,
  failedReason: undefined,
  attemptsMade: 0,
  timestamp: Date.UTC(2026, 0, 2),
  finishedOn: undefined,
};

describe('job info mapping', () => {
  it('shows BullMQ states as the four public ones', () => {
    expect(['waiting', 'wait', 'paused', 'prioritized', 'delayed'].map(publicJobState)).toEqual(Array(5).fill('waiting'));
    expect(['active', 'waiting-children'].map(publicJobState)).toEqual(['active', 'active']);
    expect(['completed', 'failed', 'unknown'].map(publicJobState)).toEqual(['completed', 'failed', null]);
  });

  it('maps a waiting job, with the error of its last failed attempt', () => {
    expect(toJobInfo({ ...stored, attemptsMade: 1, failedReason: 'boom' }, 'delayed')).toEqual({
      id: stored.id,
      type: 'import',
      collection: 'docs',
      state: 'waiting',
      progress: 0.25,
      error: 'boom',
      attempts: 1,
      createdAt: '2026-01-02T00:00:00.000Z',
    });
  });

  it('maps a completed job with its result and progress 1, and a failed one with its error', () => {
    const finishedOn = Date.UTC(2026, 0, 3);
    expect(toJobInfo({ ...stored, returnvalue: { records: 3 }, failedReason: 'first try', finishedOn, progress: 0.5, attemptsMade: 2 }, 'completed')).toEqual({
      id: stored.id,
      type: 'import',
      collection: 'docs',
      state: 'completed',
      progress: 1,
      result: { records: 3 },
      attempts: 2,
      createdAt: '2026-01-02T00:00:00.000Z',
      finishedAt: '2026-01-03T00:00:00.000Z',
    });
    expect(toJobInfo({ ...stored, failedReason: 'bad file', finishedOn, attemptsMade: 1 }, 'failed')).toMatchObject({ state: 'failed', error: 'bad file', finishedAt: '2026-01-03T00:00:00.000Z' });
  });

  it('reads non-fraction progress as 0 and skips jobs that are gone or not Shoal jobs', () => {
    expect(toJobInfo({ ...stored, progress: { step: 2 } }, 'active')?.progress).toBe(0);
    expect(toJobInfo({ ...stored, progress: 7 }, 'active')?.progress).toBe(1);
    expect(toJobInfo(stored, 'unknown')).toBeNull();
    expect(toJobInfo({ ...stored, name: 'other' }, 'waiting')).toBeNull();
    expect(toJobInfo({ ...stored, data: {} }, 'waiting')).toBeNull();
  });

  it('uses the same job type names as the public schema', () => {
    expect(Object.values(JobName).sort()).toEqual([...(JobTypeSchema as unknown as { enum: string[] }).enum].sort());
  });
});
