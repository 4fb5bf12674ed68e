import type { CollectionInfo, ErrorBody, JobAccepted, JobInfo, JobList } from '@shoal/contracts';
import { bullPrefix, JobName, JobQueues, JobWorkers, NonRetryableJobError, trainJobId } from '@shoal/jobs';
import { waitFor } from '@shoal/testing';
import { CoordinatorConfig } from './common/coordinator.config';
import { CoordinatorHarness } from './testing/coordinator.harness';
import { AutoTrainerService } from './training/auto-trainer.service';

/** dimension 2 (the harness's), nlist 4, nbits 8: training needs max(39·4, 2^8) = 256 vectors. */
const IVF = { index: { type: 'ivf_pq', nlist: 4, m: 2 } };
const REQUIRED = 256;

describe('coordinator jobs: training, imports, job status (real Redis, filesystem store, fake shards, no worker)', () => {
  let h: CoordinatorHarness;

  beforeAll(async () => {
    h = await CoordinatorHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** Creates the collection and has the fake shards host the partitions the coordinator placed on them. */
  async function hosted(name: string, extra: Record<string, unknown> = IVF): Promise<CollectionInfo> {
    const created = await h.create(name, extra);
    expect(created.status).toBe(201);
    const placement = (await h.repo.getCollection(name))?.placement ?? [];
    for (const fake of [h.shardA, h.shardB]) fake.host(name, placement.flatMap((workers, s) => (workers.includes(fake.id) ? [s] : [])));
    await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
    await h.untilSearchable(name);
    return created.body;
  }

  /** Upserts `count` vectors and waits until the shards' heartbeats report them. */
  async function fill(name: string, count: number): Promise<void> {
    const vectors = Array.from({ length: count }, (_, i) => ({ id: `v${i}`, values: [Math.cos(i), Math.sin(i) * i] }));
    expect((await h.call('PUT', `/v1/collections/${name}/vectors`, { vectors })).status).toBe(200);
    await waitFor(
      async () => {
        // A search makes the fakes apply the log; their heartbeat then reports the count.
        await h.call('POST', `/v1/collections/${name}/search`, { queries: [[0, 0]], k: 1 });
        await Promise.all([h.shardA.heartbeat(), h.shardB.heartbeat()]);
        return (await h.call<CollectionInfo>('GET', `/v1/collections/${name}`)).body.vectors === count;
      },
      { description: `${name} reports ${count} vectors` },
    );
  }

  describe('POST /v1/collections/{name}/train', () => {
    it('queues a training job, locks the manifest with pending, and answers the same id while pending', async () => {
      await hosted('trained');
      await fill('trained', 300);
      const reply = await h.call<JobAccepted>('POST', '/v1/collections/trained/train', { sampleSize: 280 });
      expect(reply.status).toBe(202);
      const manifest = await h.repo.getCollection('trained');
      expect(reply.body.jobId).toBe(trainJobId('trained', manifest?.createdAt ?? '', 1));
      expect(manifest).toMatchObject({ state: 'training', generation: 0, pending: { generation: 1, jobId: reply.body.jobId } });
      expect((await h.call<CollectionInfo>('GET', '/v1/collections/trained')).body).toMatchObject({
        state: 'training',
        pending: { generation: 1, jobId: reply.body.jobId },
      });

      const job = await h.call<JobInfo>('GET', `/v1/jobs/${reply.body.jobId}`);
      expect(job).toMatchObject({ status: 200, body: { id: reply.body.jobId, type: 'train', collection: 'trained', state: 'waiting', progress: 0, attempts: 0 } });

      // Without a body, and with another sample size: still the pending job.
      expect(await h.call<JobAccepted>('POST', '/v1/collections/trained/train')).toMatchObject({ status: 202, body: { jobId: reply.body.jobId } });
      const jobs = await h.call<JobList>('GET', '/v1/jobs?collection=trained');
      expect(jobs.body.jobs.map((j) => j.id)).toEqual([reply.body.jobId]);
    });

    it('refuses with a 400 listing every preflight problem, each naming its field and rule', async () => {
      await hosted('small');
      await fill('small', 100);
      const reply = await h.call('POST', '/v1/collections/small/train', { sampleSize: 10 });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('INVALID_ARGUMENT');
      expect(reply.body.error.message).toMatch(/^cannot train small: vectors must be at least 256 to train: Faiss wants at least 39 training points per centroid .* the collection holds 100; sampleSize must be at least 256/);
      expect(reply.body.error.details).toMatchObject({
        field: 'vectors',
        problems: [
          { field: 'vectors', rule: expect.stringContaining('the collection holds 100') },
          { field: 'sampleSize', rule: expect.stringContaining('(got 10)') },
        ],
      });
      expect(await h.repo.getCollection('small')).toMatchObject({ state: 'exact' });
      expect((await h.repo.getCollection('small'))?.pending).toBeUndefined();
    });

    it('refuses a sample larger than the collection, naming sampleSize', async () => {
      await hosted('sampled');
      await fill('sampled', REQUIRED);
      const reply = await h.call('POST', '/v1/collections/sampled/train', { sampleSize: 1000 });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatchObject({ details: { field: 'sampleSize' }, message: 'cannot train sampled: sampleSize must not exceed the 256 vectors the collection holds (got 1000)' });
    });

    it('refuses a flat collection (nothing to train), a bad body, and an unknown collection', async () => {
      expect((await h.create('flat')).status).toBe(201);
      const flat = await h.call('POST', '/v1/collections/flat/train');
      expect(flat.status).toBe(400);
      expect(flat.body.error).toMatchObject({ message: 'index.type is flat: there is nothing to train (only ivf_pq collections train)', details: { field: 'index.type' } });
      expect((await h.call('POST', '/v1/collections/flat/train', { sampleSize: 0 })).body.error.details).toMatchObject({ field: 'sampleSize' });
      expect((await h.call('POST', '/v1/collections/flat/train', { nlist: 4 })).body.error.details).toMatchObject({ field: 'nlist' });
      const missing = await h.call('POST', '/v1/collections/nowhere/train');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe('collection "nowhere" does not exist');
    });
  });

  describe('automatic training', () => {
    it('refuses autoTrain on a flat collection or below the training minimum, naming autoTrain', async () => {
      const flat = await h.create<ErrorBody>('auto-flat', { autoTrain: 1000 });
      expect(flat.status).toBe(400);
      expect(flat.body.error.details).toMatchObject({ field: 'autoTrain' });
      const low = await h.create<ErrorBody>('auto-low', { ...IVF, autoTrain: 10 });
      expect(low.status).toBe(400);
      expect(low.body.error.message).toMatch(/^autoTrain must be at least 256/);
    });

    it('queues the first training once the shards report autoTrain vectors, and only then', async () => {
      const created = await hosted('auto', { ...IVF, autoTrain: 300 });
      expect(created.autoTrain).toBe(300);
      await fill('auto', 299);
      await h.coordinator.app.get(AutoTrainerService).checkAll();
      expect((await h.repo.getCollection('auto'))?.pending).toBeUndefined();

      await fill('auto', 300);
      // The coordinator's own timer (every 2 s by default) notices.
      await waitFor(async () => (await h.repo.getCollection('auto'))?.pending !== undefined, { timeoutMs: 10_000, description: 'auto-training queued' });
      const manifest = await h.repo.getCollection('auto');
      const jobId = trainJobId('auto', manifest?.createdAt ?? '', 1);
      expect(manifest).toMatchObject({ state: 'training', pending: { generation: 1, jobId } });
      expect((await h.call<JobInfo>('GET', `/v1/jobs/${jobId}`)).body).toMatchObject({ type: 'train', collection: 'auto', state: 'waiting' });
    });
  });

  describe('POST /v1/collections/{name}/imports', () => {
    const source = { key: 'imports/batch-1/vectors.jsonl', format: 'jsonl' };

    it('queues an import of an existing object under a deterministic id', async () => {
      await hosted('imported', {});
      await h.store.put(source.key, Buffer.from('{"id":"a","values":[1,2]}\n'));
      const reply = await h.call<JobAccepted>('POST', '/v1/collections/imported/imports', { source, idPrefix: 'b1-' });
      expect(reply.status).toBe(202);
      expect(reply.body.jobId).toMatch(/^import\.imported\.[0-9a-f]{8}\.[0-9a-f]{16}$/);
      expect(await h.call<JobAccepted>('POST', '/v1/collections/imported/imports', { source, idPrefix: 'b1-' })).toMatchObject({ status: 202, body: reply.body });
      const other = await h.call<JobAccepted>('POST', '/v1/collections/imported/imports', { source });
      expect(other.body.jobId).not.toBe(reply.body.jobId);
      expect((await h.call<JobInfo>('GET', `/v1/jobs/${reply.body.jobId}`)).body).toMatchObject({ type: 'import', collection: 'imported', state: 'waiting' });
      const listed = await h.call<JobList>('GET', '/v1/jobs?collection=imported&limit=1');
      expect(listed.body.jobs.map((j) => j.id)).toEqual([other.body.jobId]);
    });

    it.each([
      [{ source: { key: 'imports/none.jsonl', format: 'jsonl' } }, 'source.key', 'source.key does not exist in the object store'],
      [{ source: { key: 'imports/../x', format: 'jsonl' } }, 'source.key', 'source.key must not contain "." or ".." segments'],
      [{ source: { ...source, bucket: 'other-data' } }, 'source.bucket', 'source.bucket is only allowed with an S3 object store (this cluster stores objects on the filesystem)'],
      [{ source: { ...source, format: 'csv' } }, 'source.format', undefined],
      [{ source, surprise: 1 }, 'surprise', 'surprise is not an allowed field'],
    ])('refuses %j with a 400 naming %s', async (body, field, message) => {
      await h.store.put(source.key, Buffer.from('{}\n'));
      const reply = await h.call('POST', '/v1/collections/imported/imports', body);
      expect(reply.status).toBe(400);
      expect(reply.body.error.details).toMatchObject({ field });
      if (message) expect(reply.body.error.message).toBe(message);
    });

    it('404s an unknown collection', async () => {
      expect((await h.call('POST', '/v1/collections/nowhere/imports', { source })).status).toBe(404);
    });
  });

  describe('GET /v1/jobs', () => {
    it('404s an unknown job and refuses a bad limit or parameter', async () => {
      const missing = await h.call('GET', '/v1/jobs/train.nowhere.00000000.g1');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe('job "train.nowhere.00000000.g1" does not exist');
      for (const query of ['limit=0', 'limit=1001', 'limit=many']) {
        expect((await h.call('GET', `/v1/jobs?${query}`)).body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'limit must be an integer from 1 to 1000' });
      }
      expect((await h.call('GET', '/v1/jobs?state=failed')).status).toBe(400);
    });

    it('lists every collection newest first', async () => {
      const { jobs } = (await h.call<JobList>('GET', '/v1/jobs')).body;
      expect(new Set(jobs.map((j) => j.collection))).toEqual(new Set(['trained', 'auto', 'imported']));
      const times = jobs.map((j) => j.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    });
  });

  describe('after a job failed (a test worker runs the jobs)', () => {
    let workers: JobWorkers;
    let runs: string[];
    const release = { go: () => undefined as void };

    beforeAll(async () => {
      runs = [];
      const config = h.coordinator.app.get(CoordinatorConfig);
      workers = new JobWorkers({ redisUrl: config.redisUrl, prefix: bullPrefix(config.redisPrefix), backoffMs: 10 });
      const gate = new Promise<void>((resolve) => (release.go = resolve));
      // Fails the first run of each job, like a worker meeting a bad file or a crash; later runs wait for the test.
      const handle = async (job: { id: string; signal: AbortSignal }) => {
        runs.push(job.id);
        if (runs.filter((id) => id === job.id).length === 1) throw new NonRetryableJobError(`first run of ${job.id} fails`);
        await Promise.race([gate, new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(new Error('stopped'))))]);
        return { rerun: true };
      };
      workers.register([
        { name: JobName.Train, handle },
        { name: JobName.BuildShard, handle },
        { name: JobName.Import, handle },
      ]);
      await workers.start();
    });

    afterAll(async () => {
      release.go();
      await workers.close();
    });

    it('a new training skips the failed generation and replaces the stale lock', async () => {
      const manifest = await h.repo.getCollection('trained');
      const failedId = trainJobId('trained', manifest?.createdAt ?? '', 1);
      const queues = h.coordinator.app.get(JobQueues);
      await waitFor(async () => (await queues.get(failedId))?.state === 'failed', { description: 'generation 1 failed' });
      // The failed job's worker never released the lock (it died): the next request does.
      const reply = await h.call<JobAccepted>('POST', '/v1/collections/trained/train');
      expect(reply.status).toBe(202);
      expect(reply.body.jobId).toBe(trainJobId('trained', manifest?.createdAt ?? '', 2));
      expect(await h.repo.getCollection('trained')).toMatchObject({ state: 'training', generation: 0, pending: { generation: 2, jobId: reply.body.jobId } });
      expect((await h.call<JobInfo>('GET', `/v1/jobs/${failedId}`)).body).toMatchObject({ state: 'failed', attempts: 1, error: `first run of ${failedId} fails` });
    });

    it('asking again for a failed import runs it again under the same id', async () => {
      const body = { source: { key: 'imports/batch-2/vectors.jsonl', format: 'jsonl' } };
      await h.store.put(body.source.key, Buffer.from('{"id":"a","values":[1,2]}\n'));
      const first = await h.call<JobAccepted>('POST', '/v1/collections/imported/imports', body);
      const queues = h.coordinator.app.get(JobQueues);
      await waitFor(async () => (await queues.get(first.body.jobId))?.state === 'failed', { description: 'import failed' });
      const again = await h.call<JobAccepted>('POST', '/v1/collections/imported/imports', body);
      expect(again).toMatchObject({ status: 202, body: { jobId: first.body.jobId } });
      release.go();
      await waitFor(async () => (await queues.get(first.body.jobId))?.state === 'completed', { description: 'import ran again' });
      expect((await h.call<JobInfo>('GET', `/v1/jobs/${first.body.jobId}`)).body).toMatchObject({ attempts: expect.any(Number), result: { rerun: true } });
      expect(runs.filter((id) => id === first.body.jobId)).toHaveLength(2);
    });
  });
});
