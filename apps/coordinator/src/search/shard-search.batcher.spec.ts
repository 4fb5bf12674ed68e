import type { ShardSearchRequest, ShardSearchResponse } from '@shoal/contracts';
import { ShardSearchBatcher } from './shard-search.batcher';

interface Sent {
  url: string;
  request: ShardSearchRequest;
  timeoutMs: number;
  answer: (response?: Partial<ShardSearchResponse>) => void;
  fail: (error: Error) => void;
}

/** A fake shard: records every RPC and answers when told, one hit per query naming its first value. */
function fakeShard() {
  const sent: Sent[] = [];
  const send = (url: string, request: ShardSearchRequest, timeoutMs: number) =>
    new Promise<ShardSearchResponse>((resolve, reject) => {
      sent.push({
        url,
        request,
        timeoutMs,
        answer: (extra = {}) => {
          const results = Array.from({ length: request.nq }, (_, q) => [{ id: String(request.queries[q * request.dimension]), distance: q }]);
          resolve({ results, appliedSeq: 9, generation: 1, ...extra });
        },
        fail: reject,
      });
    });
  return { sent, send };
}

const query = (value: number, extra: Partial<ShardSearchRequest> = {}): ShardSearchRequest => ({
  collection: 'c',
  shard: 0,
  k: 5,
  includeMetadata: false,
  timeoutMs: 1000,
  nq: 1,
  dimension: 2,
  queries: Float32Array.from([value, value]),
  ...extra,
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ShardSearchBatcher', () => {
  it('sends at once while the lane has room, and never holds a lone query', async () => {
    const shard = fakeShard();
    const batcher = new ShardSearchBatcher(shard.send, { maxInFlight: 2 });
    const a = batcher.search('http://s1', query(1), 1000);
    const b = batcher.search('http://s1', query(2), 1000);
    expect(shard.sent.map((s) => s.request.nq)).toEqual([1, 1]);
    shard.sent.forEach((s) => s.answer());
    expect((await a).results).toEqual([[{ id: '1', distance: 0 }]]);
    expect((await b).results).toEqual([[{ id: '2', distance: 0 }]]);
    expect(batcher.waiting).toBe(0);
  });

  it('names every request a batch serves, so the shard logs carry their ids', async () => {
    const shard = fakeShard();
    const batcher = new ShardSearchBatcher(shard.send, { maxInFlight: 1 });
    const first = batcher.search('http://s1', query(1, { requestId: 'r1' }), 1000);
    const rest = ['r2', undefined, 'r3'].map((requestId, i) => batcher.search('http://s1', query(2 + i, { requestId }), 1000));
    shard.sent[0].answer();
    await first;
    await flush();
    expect(shard.sent.map((s) => s.request.requestId)).toEqual(['r1', 'r2,r3']);
    shard.sent[1].answer();
    await Promise.all(rest);
  });

  it('coalesces the queries that arrive while the lane is busy into one RPC and splits the answer back', async () => {
    const shard = fakeShard();
    const batcher = new ShardSearchBatcher(shard.send, { maxInFlight: 1 });
    const first = batcher.search('http://s1', query(1), 1000);
    const rest = [2, 3, 4].map((v) => batcher.search('http://s1', query(v, v === 3 ? { minSeq: 7 } : { minSeq: 2 }), 1000));
    expect(shard.sent).toHaveLength(1);
    expect(batcher.waiting).toBe(3);
    shard.sent[0].answer();
    await first;
    await flush();
    expect(shard.sent).toHaveLength(2);
    const batch = shard.sent[1].request;
    expect(batch).toMatchObject({ nq: 3, minSeq: 7, k: 5 });
    expect(Array.from(batch.queries)).toEqual([2, 2, 3, 3, 4, 4]);
    shard.sent[1].answer();
    const answers = await Promise.all(rest);
    expect(answers.map((r) => r.results)).toEqual([[[{ id: '2', distance: 0 }]], [[{ id: '3', distance: 1 }]], [[{ id: '4', distance: 2 }]]]);
    expect(answers[0]).toMatchObject({ appliedSeq: 9, generation: 1 });
  });

  it('keeps different replicas, shards and search shapes apart', async () => {
    const shard = fakeShard();
    const batcher = new ShardSearchBatcher(shard.send, { maxInFlight: 1 });
    void batcher.search('http://s1', query(1), 1000);
    void batcher.search('http://s2', query(1), 1000);
    void batcher.search('http://s1', query(1, { shard: 1 }), 1000);
    void batcher.search('http://s1', query(1, { k: 6 }), 1000);
    void batcher.search('http://s1', query(1, { nprobe: 4 }), 1000);
    void batcher.search('http://s1', query(1, { includeMetadata: true }), 1000);
    expect(shard.sent).toHaveLength(6);
    shard.sent.forEach((s) => s.answer());
  });

  it('caps a batch at maxQueries, sending the rest in the next one', async () => {
    const shard = fakeShard();
    const batcher = new ShardSearchBatcher(shard.send, { maxInFlight: 1, maxQueries: 3 });
    void batcher.search('http://s1', query(0), 1000);
    const queued = [1, 2, 3, 4].map((v) => batcher.search('http://s1', query(v, { nq: 1 }), 1000));
    shard.sent[0].answer();
    await flush();
    expect(shard.sent[1].request.nq).toBe(3);
    shard.sent[1].answer();
    await flush();
    expect(shard.sent[2].request.nq).toBe(1);
    shard.sent[2].answer();
    expect((await Promise.all(queued)).map((r) => r.results[0][0].id)).toEqual(['1', '2', '3', '4']);
  });

  it('fails every member of a failed batch (each retries on its own), and the lane keeps working', async () => {
    const shard = fakeShard();
    const batcher = new ShardSearchBatcher(shard.send, { maxInFlight: 1 });
    const first = batcher.search('http://s1', query(1), 1000);
    const a = batcher.search('http://s1', query(2), 1000);
    const b = batcher.search('http://s1', query(3), 1000);
    shard.sent[0].answer();
    await first;
    await flush();
    shard.sent[1].fail(new Error('replica down'));
    await expect(a).rejects.toThrow('replica down');
    await expect(b).rejects.toThrow('replica down');
    const after = batcher.search('http://s1', query(4), 1000);
    expect(shard.sent).toHaveLength(3);
    shard.sent[2].answer();
    expect((await after).results[0][0].id).toBe('4');
  });

  it('gives a batch the earliest deadline of its members, less the time they waited', async () => {
    let now = 1000;
    const shard = fakeShard();
    const batcher = new ShardSearchBatcher(shard.send, { maxInFlight: 1, now: () => now });
    void batcher.search('http://s1', query(1), 500);
    const waiting = batcher.search('http://s1', query(2, { timeoutMs: 280 }), 300);
    void batcher.search('http://s1', query(3, { timeoutMs: 1980 }), 2000);
    now += 100;
    shard.sent[0].answer();
    await flush();
    expect(shard.sent[1].timeoutMs).toBe(200);
    expect(shard.sent[1].request.timeoutMs).toBe(180);
    shard.sent[1].answer();
    await waiting;
  });
});
