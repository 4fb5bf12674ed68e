import { validateHandlers } from './job-handlers';
import { JobName } from './job-names';
import { JobsErrorCode } from './jobs.error';

const handler = (name: string) => ({ name });

describe('validateHandlers', () => {
  it('accepts exactly one handler per job name, in any order', () => {
    expect(() => validateHandlers([JobName.Import, JobName.Train, JobName.BuildShard].map(handler))).not.toThrow();
  });

  it('names every missing, duplicated and unknown job name at once', () => {
    let error: unknown;
    try {
      validateHandlers(['train', 'train', 'train', 'resize'].map(handler));
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      name: 'JobsError',
      code: JobsErrorCode.InvalidHandlers,
      message:
        'invalid job handlers: no handler for build-shard, import; more than one handler for train (3 handlers); ' +
        'handlers for unknown job names resize (known: train, build-shard, import)',
    });
  });

  it('refuses an empty list naming every job', () => {
    expect(() => validateHandlers([])).toThrow('invalid job handlers: no handler for train, build-shard, import');
  });
});
