import { exactKnn, loadFashionMnist, recallAtK } from '@shoal/datasets';
import type { CollectionInfo, CreateCollectionRequest, SearchRequest, SearchResponse, UpsertVectorsRequest, WriteResponse } from '@shoal/contracts';

const K = 10;

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

interface JobView {
  state: string;
  progress: number;
  result?: unknown;
  error?: string;
}

/**
 * The main job of `npm start`: through the public API only, create a 2-shard IVF-PQ collection,
 * load Fashion-MNIST (60k × 784), search 200 test queries (answered exactly: not trained yet), train
 * it with a job on the index worker, search again, and print recall@10 against exact ground truth.
 */
export async function runClusterDemo(baseUrl: string, queries = 200): Promise<void> {
  const name = 'fashion-mnist';
  const data = await loadFashionMnist({ testLimit: queries });
  const existing = await fetch(`${baseUrl}/v1/collections/${name}`);
  if (existing.ok) await call(`${baseUrl}/v1/collections/${name}`, 'DELETE');
  const spec: CreateCollectionRequest = { name, dimension: 784, metric: 'l2', shards: 2, replicas: 1, index: { type: 'ivf_pq', nlist: 256, m: 56, refine: 10, nprobe: 16 } };
  await call<CollectionInfo>(`${baseUrl}/v1/collections`, 'POST', spec);

  const { train, test } = data;
  const truth = exactKnn(train, test, K, 'l2').ids;
  const t0 = performance.now();
  let token = '';
  for (let from = 0; from < train.n; from += 1000) {
    const vectors = Array.from({ length: Math.min(1000, train.n - from) }, (_, i) => ({
      id: String(from + i),
      values: Array.from(train.data.subarray((from + i) * train.d, (from + i + 1) * train.d)),
    }));
    token = (await call<WriteResponse>(`${baseUrl}/v1/collections/${name}/vectors`, 'PUT', { vectors } satisfies UpsertVectorsRequest)).token;
  }
  const loadVectorsPerSecond = Math.round(train.n / ((performance.now() - t0) / 1000));

  const searchAll = async () => {
    const found: number[] = [];
    const t1 = performance.now();
    for (let q = 0; q < test.n; q++) {
      const request: SearchRequest = { queries: [Array.from(test.data.subarray(q * test.d, (q + 1) * test.d))], k: K, token };
      const response = await call<SearchResponse>(`${baseUrl}/v1/collections/${name}/search`, 'POST', request);
      for (let j = 0; j < K; j++) found.push(response.results[0][j] ? Number(response.results[0][j].id) : -1);
    }
    const info = await call<CollectionInfo>(`${baseUrl}/v1/collections/${name}`, 'GET');
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

  const { jobId } = await call<{ jobId: string }>(`${baseUrl}/v1/collections/${name}/train`, 'POST', {});
  let job: JobView;
  let shown = -1;
  for (;;) {
    job = await call<JobView>(`${baseUrl}/v1/jobs/${encodeURIComponent(jobId)}`, 'GET');
    if (job.state === 'completed' || job.state === 'failed') break;
    const percent = Math.floor(job.progress * 10) * 10;
    if (percent !== shown) console.log(`training ${jobId}: ${job.state}, ${percent}%`);
    shown = percent;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (job.state === 'failed') throw new Error(`training failed: ${job.error}`);
  console.log(JSON.stringify({ trained: job.result }));
  // The collection says `ready` from the flip on; each replica swaps once its new index is loaded.
  const trainedGeneration = (job.result as { generation: number }).generation;
  for (let tries = 0; tries < 240 && (await call<CollectionInfo>(`${baseUrl}/v1/collections/${name}`, 'GET')).servingGeneration < trainedGeneration; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(JSON.stringify(await searchAll()));
}
