import { ReplicaSelector, ReplicaState } from '@shoal/cluster';
import { ApiErrorCode } from '@shoal/contracts';
import { selectorPicker } from '../cluster/replica-picker';
import { callShard, fanOut, ShardFailure, unansweredError, type ShardAttempt } from './search-fanout';

/** A selector over `replicas[shard]`, all active, with the fan-out's picker on top. */
function pickerFor(replicas: string[][]) {
  const selector = new ReplicaSelector();
  replicas.forEach((ids, shard) => selector.setReplicas(shard, ids.map((id) => ({ id, state: ReplicaState.Active }))));
  return { selector, picker: selectorPicker(selector, (shard) => (shard < replicas.length ? shard : undefined)) };
}

const deadlineIn = (ms: number) => ({ at: Date.now() + ms, now: Date.now });
const never = () => new Promise<never>(() => undefined);

describe('callShard', () => {
  it('retries another replica after a failure and cools the failed one down', async () => {
    const { selector, picker } = pickerFor([['bad', 'good']]);
    const calls: ShardAttempt[] = [];
    const outcome = await callShard(0, picker, deadlineIn(1000), async (attempt) => {
      calls.push(attempt);
      if (attempt.replica === 'bad') throw new Error('HTTP 500');
      return 'answer';
    });
    expect(outcome).toMatchObject({ ok: true, value: 'answer', replica: 'good' });
    // The cooling replica is ranked last from now on, so the next request goes straight to the good one.
    expect(selector.candidates(0)).toEqual(['good', 'bad']);
    expect(selector.outstanding('bad') + selector.outstanding('good')).toBe(0);
  });

  it('reports a shard without replicas as NoReplica and one whose replicas all failed as Failed', async () => {
    const { picker } = pickerFor([[], ['a', 'b']]);
    const fail = async () => {
      throw new Error('connection refused');
    };
    await expect(callShard(0, picker, deadlineIn(500), fail)).resolves.toMatchObject({ ok: false, failure: ShardFailure.NoReplica, attempts: 0 });
    await expect(callShard(1, picker, deadlineIn(500), fail)).resolves.toMatchObject({
      ok: false,
      failure: ShardFailure.Failed,
      attempts: 2,
      error: expect.stringMatching(/^shard 1 replica [ab]: connection refused$/),
    });
  });
});

describe('fanOut', () => {
  it('answers every shard in shard order', async () => {
    const { picker } = pickerFor([['a'], ['b'], ['a', 'b']]);
    const outcomes = await fanOut(3, picker, deadlineIn(500), async ({ shard, replica }) => `${shard}@${replica}`);
    expect(outcomes.map((o) => (o.ok ? o.value : o.failure))).toEqual(['0@a', '1@b', expect.stringMatching(/^2@[ab]$/)]);
  });

  it('spreads sequential requests over equally healthy replicas', async () => {
    const { picker } = pickerFor([['a', 'b']]);
    const used: string[] = [];
    for (let i = 0; i < 4; i++) await callShard(0, picker, deadlineIn(500), async ({ replica }) => used.push(replica));
    expect(used.sort()).toEqual(['a', 'a', 'b', 'b']);
  });
});

describe('unansweredError', () => {
  it('is a 503 naming the counts and the first error', async () => {
    const { picker } = pickerFor([['a'], []]);
    const outcomes = await fanOut(2, picker, deadlineIn(500), async () => 'ok');
    const error = unansweredError(outcomes);
    expect(error.code).toBe(ApiErrorCode.Unavailable);
    expect(error.details).toEqual({ shardsTotal: 2, shardsFailed: 1, firstError: 'shard 1 has no active replica' });
  });

});

describe('deadlines (fake clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('gives a try half the time left while another replica remains, the last one all of it, and stops at the deadline', async () => {
    const { picker } = pickerFor([['hung', 'other']]);
    const timeouts: number[] = [];
    const pending = callShard(0, picker, deadlineIn(200), (attempt) => {
      timeouts.push(attempt.timeoutMs);
      return never();
    });
    await jest.advanceTimersByTimeAsync(200);
    await expect(pending).resolves.toMatchObject({ ok: false, failure: ShardFailure.Deadline, attempts: 2 });
    expect(timeouts).toEqual([100, 100]);
  });

  it('retries within the deadline after a replica hangs', async () => {
    const { picker } = pickerFor([['hung', 'ok']]);
    const pending = callShard(0, picker, deadlineIn(200), ({ replica }) => (replica === 'hung' ? never() : Promise.resolve('answer')));
    await jest.advanceTimersByTimeAsync(100);
    await expect(pending).resolves.toMatchObject({ ok: true, value: 'answer', replica: 'ok', attempts: 2 });
  });

  it('makes a 504 when every failed shard ran out of time', async () => {
    const { picker } = pickerFor([['a'], ['b']]);
    const pending = fanOut(2, picker, deadlineIn(50), ({ shard }) => (shard === 0 ? Promise.resolve('ok') : never()));
    await jest.advanceTimersByTimeAsync(50);
    expect(unansweredError(await pending)).toMatchObject({ code: ApiErrorCode.DeadlineExceeded, details: { shardsTotal: 2, shardsFailed: 1 } });
  });
});
