import { decodeConsistencyToken } from '@shoal/cluster';
import { encodeLogSegment, LIMITS, type CollectionInfo, type ErrorBody, type SearchResponse, type WriteResponse } from '@shoal/contracts';
import { emptySegment, ShardLogReader } from '@shoal/shard-log';
import { segmentKey } from '@shoal/storage';
import { waitFor } from '@shoal/testing';
import { CoordinatorHarness } from './testing/coordinator.harness';

type StoredVector = { id: string; values: number[]; metadata?: Record<string, unknown> };

describe('coordinator (real Redis, filesystem store, fake shard workers)', () => {
  let h: CoordinatorHarness;

  beforeAll(async () => {
    h = await CoordinatorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  describe('operations', () => {
    it('answers /health/live and heartbeats as a coordinator', async () => {
      expect(await h.call('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect((await h.repo.liveMembers('coordinator')).map((m) => [m.id, m.url])).toEqual([['coordinator-e2e', h.coordinator.url]]);
    });

    it('is ready while every shard of every collection has a live replica, and 503 naming the uncovered ones', async () => {
      const ready = await h.call<{ status: string; info: Record<string, { status: string }> }>('GET', '/health/ready');
      expect(ready).toMatchObject({ status: 200, body: { status: 'ok', info: { redis: { status: 'up' }, objectStore: { status: 'up' }, shards: { status: 'up' } } } });
      await h.create('unhosted');
      const reply = await h.call<{ status: string; error: Record<string, { status: string; uncovered?: string[] }> }>('GET', '/health/ready');
      expect(reply.status).toBe(503);
      expect(reply.body.error.shards).toMatchObject({ status: 'down', uncovered: expect.arrayContaining(['unhosted/0', 'unhosted/1']) });
      expect((await h.call('DELETE', '/v1/collections/unhosted')).status).toBe(204);
      expect((await h.call('GET', '/health/ready')).status).toBe(200);
    });

    it('answers an unknown route with a 404 in the error format', async () => {
      const reply = await h.call('GET', '/v2/nothing');
      expect(reply.status).toBe(404);
      expect(reply.body.error).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
    });

    it('answers a badly percent-encoded URL with a 400 in the error format', async () => {
      const reply = await h.call('GET', '/v1/collections/x/vectors/%E0%A4%A');
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'url' } });
    });
  });

  describe('collections', () => {
    it('creates, lists, gets and deletes a collection', async () => {
      const created = await h.create('docs', { dimension: 8, metric: 'cosine', index: { type: 'ivf_pq', nlist: 4, m: 4 } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'docs', dimension: 8, metric: 'cosine', shards: 2, replicas: 1, state: 'exact', generation: 0, vectors: 0 });
      expect(created.body.index).toEqual({ type: 'ivf_pq', nlist: 4, m: 4 });
      const manifest = await h.repo.getCollection('docs');
      expect(manifest?.placement).toHaveLength(2);
      manifest?.placement.forEach((workers) => expect(['shard-a', 'shard-b']).toContain(workers[0]));

      expect((await h.call<{ collections: CollectionInfo[] }>('GET', '/v1/collections')).body.collections.map((c: { name: string }) => c.name)).toContain('docs');
      expect((await h.call<CollectionInfo>('GET', '/v1/collections/docs')).body).toEqual(created.body);

      expect((await h.call('DELETE', '/v1/collections/docs')).status).toBe(204);
      expect((await h.call('GET', '/v1/collections/docs')).body.error.code).toBe('NOT_FOUND');
      expect((await h.call('DELETE', '/v1/collections/docs')).status).toBe(404);
    });

    it('refuses an existing name with 409', async () => {
      expect((await h.create('twice')).status).toBe(201);
      const again = await h.create<ErrorBody>('twice');
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'ALREADY_EXISTS', message: 'collection "twice" already exists' });
    });

    it.each([
      [{ index: { type: 'ivf_pq', nlist: 4, m: 3 } }, 'index.m', 'index.m must divide the dimension 2 (got 3)'],
      [{ index: { type: 'ivf_pq', nlist: 4, m: 1, nbits: 17 } }, 'index.nbits', undefined],
      [{ metric: 'hamming' }, 'metric', undefined],
      [{ dimension: 0 }, 'dimension', undefined],
      [{ name: 'Bad Name' }, 'name', undefined],
      [{ surprise: true }, 'surprise', 'surprise is not an allowed field'],
    ])('refuses %j with a 400 naming the field', async (extra, field, message) => {
      const reply = await h.create<ErrorBody>('bad', extra);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field } });
      if (message) expect(reply.body.error.message).toBe(message);
    });

    it('refuses more replicas than live shard workers with a 503 naming both numbers', async () => {
      const reply = await h.create<ErrorBody>('wide', { replicas: 3 });
      expect(reply.status).toBe(503);
      expect(reply.body.error).toMatchObject({ code: 'UNAVAILABLE', details: { replicas: 3, liveShardWorkers: 2 } });
    });
  });

  describe('writes, reads and search', () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, values: [Math.cos(i), Math.sin(i) * i], metadata: { i } }));

    beforeAll(async () => {
      expect((await h.create('points')).status).toBe(201);
      await h.hostAsPlaced('points');
      await h.untilSearchable('points');
    });

    it('acknowledges an upsert once both shards segments are stored, with a token of their seqs', async () => {
      const reply = await h.call<WriteResponse>('PUT', '/v1/collections/points/vectors', { vectors: points });
      expect(reply.status).toBe(200);
      expect(reply.body.upserted).toBe(30);
      const token = decodeConsistencyToken(reply.body.token, 'points');
      expect(token.seqs).toEqual({ 0: 1, 1: 1 });

      expect(await h.store.list('collections/points/')).toEqual([
        'collections/points/shards/0/log/00000000000000000001.seg',
        'collections/points/shards/1/log/00000000000000000001.seg',
      ]);
      const reader = new ShardLogReader(h.store);
      const stored = [...(await reader.readAfter('points', 0, 0)), ...(await reader.readAfter('points', 1, 0))];
      expect(stored.flatMap((s) => s.ops.map((op) => op.id)).sort()).toEqual(points.map((p) => p.id).sort());
      const p7 = stored.flatMap((s) => s.ops.map((op, i) => ({ op, values: Array.from(s.values.subarray(2 * i, 2 * i + 2)) }))).find((x) => x.op.id === 'p7');
      expect(p7).toEqual({ op: { op: 'upsert', id: 'p7', metadata: { i: 7 } }, values: points[7].values.map(Math.fround) });
    });

    it('notifies the replicas and reports vectors from their heartbeats', async () => {
      await waitFor(() => h.shardA.notifications.length + h.shardB.notifications.length >= 2, { description: 'segment notifications' });
      await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
      expect((await h.call<CollectionInfo>('GET', '/v1/collections/points')).body.vectors).toBe(30);
    });

    it('reads a vector back from its shard, and 404s an absent one', async () => {
      expect(await h.call<StoredVector>('GET', '/v1/collections/points/vectors/p7')).toMatchObject({
        status: 200,
        body: { id: 'p7', values: points[7].values.map(Math.fround), metadata: { i: 7 } },
      });
      const missing = await h.call('GET', '/v1/collections/points/vectors/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('NOT_FOUND');
    });

    it('merges both shards into the exact global top-k', async () => {
      const queries = [
        [0.5, 0.5],
        [-1, 3],
      ];
      const reply = await h.call<SearchResponse>('POST', '/v1/collections/points/search', { queries, k: 5, includeMetadata: true });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ partial: false, shards: { total: 2, answered: 2 } });
      expect(typeof reply.body.tookMs).toBe('number');
      const serverMs = Number(/^app;dur=([0-9.]+)$/.exec(reply.headers.get('server-timing') ?? '')?.[1]);
      expect(serverMs).toBeGreaterThanOrEqual(reply.body.tookMs);
      queries.forEach((query, q) => {
        const expected = points
          .map((p) => ({ id: p.id, distance: p.values.map(Math.fround).reduce((sum, v, d) => sum + (Math.fround(query[d]) - v) ** 2, 0) }))
          .sort((a, b) => a.distance - b.distance)
          .slice(0, 5);
        expect(reply.body.results[q].map((h) => h.id)).toEqual(expected.map((e) => e.id));
        reply.body.results[q].forEach((hit, i) => {
          expect(hit.distance).toBeCloseTo(expected[i].distance, 4);
          expect(hit.metadata).toEqual({ i: Number(hit.id.slice(1)) });
        });
      });
      const plain = await h.call<SearchResponse>('POST', '/v1/collections/points/search', { queries, k: 2 });
      expect(plain.body.results[0][0]).toEqual({ id: expect.any(String), distance: expect.any(Number) });
    });

    it('passes the token seq of each shard to it as minSeq (read-your-writes)', async () => {
      const write = await h.call<WriteResponse>('PUT', '/v1/collections/points/vectors', { vectors: [{ id: 'fresh', values: [100, 100] }] });
      const { seqs } = decodeConsistencyToken(write.body.token, 'points');
      const [[shard, seq]] = Object.entries(seqs);
      expect(seq).toBe(2);
      h.shardA.searches.length = 0;
      h.shardB.searches.length = 0;
      const reply = await h.call<SearchResponse>('POST', '/v1/collections/points/search', { queries: [[100, 100]], k: 1, token: write.body.token });
      expect(reply.body.results[0][0]).toEqual({ id: 'fresh', distance: 0 });
      const sent = [...h.shardA.searches, ...h.shardB.searches];
      expect(sent.find((r) => r.shard === Number(shard))?.minSeq).toBe(2);
      expect(sent.find((r) => r.shard !== Number(shard))?.minSeq).toBe(0);
    });

    it('deletes by id and the next search with the token no longer finds them', async () => {
      const reply = await h.call<WriteResponse>('POST', '/v1/collections/points/vectors/delete', { ids: ['fresh', 'p0', 'fresh'] });
      expect(reply.status).toBe(200);
      expect(reply.body.deleted).toBe(2);
      const search = await h.call<SearchResponse>('POST', '/v1/collections/points/search', { queries: [[100, 100]], k: 40, token: reply.body.token });
      const ids = search.body.results[0].map((h) => h.id);
      expect(ids).toHaveLength(29);
      expect(ids).not.toContain('fresh');
      expect(ids).not.toContain('p0');
    });

    describe('a rejected batch writes nothing', () => {
      it.each([
        ['a wrong dimension', { vectors: [{ id: 'x', values: [1, 2] }, { id: 'y', values: [1, 2, 3] }] }, 'vectors[1].values has 3 numbers, the dimension is 2'],
        ['a value beyond float32', { vectors: [{ id: 'x', values: [1e39, 2] }] }, /^vectors\[0\]\.values\[0\] is 1e\+39, which is not a finite float32/],
        ['a duplicate id', { vectors: [{ id: 'x', values: [1, 2] }, { id: 'x', values: [3, 4] }] }, 'vectors[1].id repeats vectors[0].id "x"; ids must be unique in a batch'],
        ['oversized metadata', { vectors: [{ id: 'x', values: [1, 2], metadata: { s: 'x'.repeat(LIMITS.maxMetadataBytes) } }] }, /^vectors\[0\]\.metadata is 16392 bytes of JSON/],
        ['a missing field', { vectors: [{ id: 'x' }] }, 'vectors[0].values is required'],
        ['an empty batch', { vectors: [] }, /^vectors must NOT have fewer than 1 items/],
      ])('%s → 400', async (_, body, message) => {
        const before = await h.writeState('points', 2);
        const reply = await h.call('PUT', '/v1/collections/points/vectors', body);
        expect(reply.status).toBe(400);
        expect(reply.body.error.code).toBe('INVALID_ARGUMENT');
        expect(reply.body.error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
        expect(await h.writeState('points', 2)).toBe(before);
      });

      it('values written as 1e400 (Infinity once parsed) → 400', async () => {
        const before = await h.writeState('points', 2);
        const reply = await h.call('PUT', '/v1/collections/points/vectors', undefined, '{"vectors":[{"id":"x","values":[1e400,0]}]}');
        expect(reply.status).toBe(400);
        expect(await h.writeState('points', 2)).toBe(before);
      });

      it('malformed JSON → 400, not 500', async () => {
        const before = await h.writeState('points', 2);
        const reply = await h.call('PUT', '/v1/collections/points/vectors', undefined, '{"vectors": [');
        expect(reply.status).toBe(400);
        expect(reply.body.error.code).toBe('INVALID_ARGUMENT');
        expect(await h.writeState('points', 2)).toBe(before);
      });

      it('a body over 64 MiB → 413', async () => {
        const before = await h.writeState('points', 2);
        const status = await h.sendOversized('PUT', '/v1/collections/points/vectors', LIMITS.maxBodyBytes + 1);
        expect(status.status).toBe(413);
        expect(status.body.error.code).toBe('PAYLOAD_TOO_LARGE');
        expect(await h.writeState('points', 2)).toBe(before);
      });

      it('a write to an unknown collection → 404', async () => {
        const reply = await h.call('PUT', '/v1/collections/nowhere/vectors', { vectors: [{ id: 'x', values: [1, 2] }] });
        expect(reply.status).toBe(404);
        expect(await h.store.list('collections/nowhere/')).toEqual([]);
      });
    });

    it.each([
      [{ queries: [[1, 2, 3]], k: 1 }, 'queries[0] has 3 numbers, the dimension is 2'],
      [{ queries: [[1, 2]], k: 0 }, /^k must be >= 1/],
      [{ queries: [[1, 2]], k: 1, token: 'garbage!' }, /^token is invalid: not base64url/],
      [{ queries: [[1, 2]], k: 1, nprobe: 1.5 }, 'nprobe must be an integer'],
    ])('refuses the search %j with a 400', async (body, message) => {
      const reply = await h.call('POST', '/v1/collections/points/search', body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    });

    it('refuses a token of another collection', async () => {
      const write = await h.call<WriteResponse>('PUT', '/v1/collections/points/vectors', { vectors: [{ id: 'p1', values: [Math.cos(1), Math.sin(1)] }] });
      expect((await h.create('other')).status).toBe(201);
      const reply = await h.call('POST', '/v1/collections/other/search', { queries: [[1, 2]], k: 1, token: write.body.token });
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(/it is for collection points, not other/);
    });
  });

  describe('a failed segment write', () => {
    it('is a 503, not acknowledged; retrying the same batch succeeds', async () => {
      expect((await h.create('sealed', { shards: 1 })).status).toBe(201);
      // A replica sealed the next seq as a hole (ADR 0004): this writer's putIfAbsent must lose.
      const next = (await h.repo.currentSeq('sealed', 0)) + 1;
      await h.store.putIfAbsent(segmentKey('sealed', 0, next), encodeLogSegment(emptySegment('sealed', 0, next)));
      const batch = { vectors: [{ id: 'x', values: [1, 2] }] };
      const failed = await h.call('PUT', '/v1/collections/sealed/vectors', batch);
      expect(failed.status).toBe(503);
      expect(failed.body.error).toMatchObject({ code: 'UNAVAILABLE', details: { shardsTotal: 1, shardsFailed: 1, firstError: expect.stringMatching(/^shard 0: .*sealed/) } });
      expect(failed.body.error.message).toMatch(/not acknowledged.*retrying the same request is safe/);
      const retried = await h.call<WriteResponse>('PUT', '/v1/collections/sealed/vectors', batch);
      expect(retried.status).toBe(200);
      expect(decodeConsistencyToken(retried.body.token).seqs).toEqual({ 0: next + 1 });
    });
  });

  describe('replica failures', () => {
    it('retries another replica: zero failed searches while one replica answers 500', async () => {
      expect((await h.create('dup', { shards: 1, replicas: 2 })).status).toBe(201);
      h.shardA.host('dup', [0]);
      h.shardB.host('dup', [0]);
      await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
      await h.call('PUT', '/v1/collections/dup/vectors', { vectors: [{ id: 'only', values: [1, 1] }] });
      await h.untilSearchable('dup');
      h.shardA.mode = 'fail';
      h.shardA.searches.length = 0;
      try {
        const replies = await Promise.all(Array.from({ length: 20 }, () => h.call<SearchResponse>('POST', '/v1/collections/dup/search', { queries: [[1, 1]], k: 1 })));
        expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
        replies.forEach((r) => expect(r.body.results[0]).toEqual([{ id: 'only', distance: 0 }]));
        // The failing replica was tried and then cooled down, not asked again and again.
        expect(h.shardA.searches.length).toBeGreaterThanOrEqual(1);
        expect(h.shardA.searches.length).toBeLessThan(20);
      } finally {
        h.shardA.mode = 'ok';
      }
    });

    it('a shard with no live replica is a 503 naming the counts, or partial with allowPartial', async () => {
      expect((await h.create('half')).status).toBe(201);
      h.shardA.host('half', [0]); // nobody hosts shard 1
      await h.shardA.heartbeat();
      await h.call('PUT', '/v1/collections/half/vectors', { vectors: [{ id: 'a', values: [0, 0] }, { id: 'b', values: [1, 1] }, { id: 'c', values: [2, 2] }] });
      await waitFor(async () => (await h.call('POST', '/v1/collections/half/search', { queries: [[0, 0]], k: 3, allowPartial: true })).status === 200);

      const failed = await h.call('POST', '/v1/collections/half/search', { queries: [[0, 0]], k: 3 });
      expect(failed.status).toBe(503);
      expect(failed.body.error).toEqual({
        code: 'UNAVAILABLE',
        message: '1 of 2 shards could not be reached',
        details: { shardsTotal: 2, shardsFailed: 1, firstError: 'shard 1 has no active replica' },
      });

      const partial = await h.call<SearchResponse>('POST', '/v1/collections/half/search', { queries: [[0, 0]], k: 3, allowPartial: true });
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ partial: true, shards: { total: 2, answered: 1 } });
    });

    it('a replica that stops answering costs half the deadline, and the other replica still answers in time', async () => {
      h.shardB.mode = 'hang';
      h.shardB.searches.length = 0;
      try {
        const replies = await Promise.all(Array.from({ length: 5 }, () => h.call<SearchResponse>('POST', '/v1/collections/dup/search', { queries: [[1, 1]], k: 1 })));
        expect(replies.map((r) => r.status)).toEqual(Array(5).fill(200));
        expect(h.shardB.searches.length).toBeGreaterThanOrEqual(1);
      } finally {
        h.shardB.mode = 'ok';
      }
    });
  });
});
