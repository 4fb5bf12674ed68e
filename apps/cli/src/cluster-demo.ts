import { exactKnn, loadFashionMnist, recallAtK } from '@shoal/datasets';
import { ShoalClient } from '@shoal/client';
import { ApiErrorCode, type CreateCollectionRequest } from '@shoal/contracts';

const K = 10;

/**
 * The main job of `npm start`: through the public API only, create a 2-shard IVF-PQ collection,
 * load Fashion-MNIST (60k × 784), search 200 test queries (answered exactly: not trained yet), train
 * it with a job on the index worker, search again, and print recall@10 against exact ground truth.
 */
export async function runClusterDemo(client: ShoalClient, queries = 200): Promise<void> {
  const name = 'fashion-mnist';
  const data = await loadFashionMnist({ testLimit: queries });
  await client.dropCollection(name).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== ApiErrorCode.NotFound) throw error;
  });
  const spec: CreateCollectionRequest = { name, dimension: 784, metric: 'l2', shards: 2, replicas: 1, index: { type: 'ivf_pq', nlist: 256, m: 56, refine: 10, nprobe: 16 } };
  await client.createCollection(spec);

  const { train, test } = data;
  const truth = exactKnn(train, test, K, 'l2').ids;
  const t0 = performance.now();
  let token = '';
  for (let from = 0; from < train.n; from += 1000) {
    const vectors = Array.from({ length: Math.min(1000, train.n - from) }, (_, i) => ({
      id: String(from + i),
      values: train.data.subarray((from + i) * train.d, (from + i + 1) * train.d),
    }));
    token = (await client.upsertVectors(name, vectors)).token;
  }
  const loadVectorsPerSecond = Math.round(train.n / ((performance.now() - t0) / 1000));

  const searchAll = async () => {
    const found: number[] = [];
    const t1 = performance.now();
    for (let q = 0; q < test.n; q++) {
      const response = await client.search(name, { queries: [test.data.subarray(q * test.d, (q + 1) * test.d)], k: K, token });
      for (let j = 0; j < K; j++) found.push(response.results[0][j] ? Number(response.results[0][j].id) : -1);
    }
    const info = await client.getCollection(name);
    return {
      collection: name,
      state: info.state,
      generation: info.generation,
      vectors: info.vectors,
      queries: test.n,
      recall10: Number(recallAtK(found, truth, test.n, K).toFixed(4)),
      searchQps: Math.round(test.n / ((performance.now() - t1) / 1000)),
    };
  };
  console.log(JSON.stringify({ ...(await searchAll()), loadVectorsPerSecond }));
  console.log('state "exact": the shards answer by exact search until the collection is trained; training it now (an index-worker job)…');

  const { jobId } = await client.train(name);
  let shown = -1;
  const job = await client.waitForJob(jobId, {
    intervalMs: 500,
    onProgress: ({ state, progress }) => {
      const percent = Math.floor(progress * 10) * 10;
      if (percent !== shown && state !== 'completed' && state !== 'failed') console.log(`training ${jobId}: ${state}, ${percent}%`);
      shown = percent;
    },
  });
  if (job.state === 'failed') throw new Error(`training failed: ${job.error}`);
  console.log(JSON.stringify({ trained: job.result }));
  // The collection says `ready` from the flip on; each replica swaps once its new index is loaded.
  await client.waitForServingGeneration(name, (job.result as { generation: number }).generation, { intervalMs: 500, timeoutMs: 120_000 });
  console.log(JSON.stringify(await searchAll()));
}
