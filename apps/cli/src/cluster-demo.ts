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

/**
 * The main job of `npm start`: through the public API only, create a 2-shard collection, load
 * Fashion-MNIST (60k × 784), search 200 test queries and print recall@10 against exact ground truth.
 */
export async function runClusterDemo(baseUrl: string, queries = 200): Promise<void> {
  const name = 'fashion-mnist';
  const data = await loadFashionMnist({ testLimit: queries });
  const existing = await fetch(`${baseUrl}/v1/collections/${name}`);
  if (existing.ok) await call(`${baseUrl}/v1/collections/${name}`, 'DELETE');
  const spec: CreateCollectionRequest = { name, dimension: 784, metric: 'l2', shards: 2, replicas: 1, index: { type: 'ivf_pq', nlist: 256, m: 56, refine: 10, nprobe: 16 } };
  await call<CollectionInfo>(`${baseUrl}/v1/collections`, 'POST', spec);

  const { train, test } = data;
  const t0 = performance.now();
  let token = '';
  for (let from = 0; from < train.n; from += 1000) {
    const vectors = Array.from({ length: Math.min(1000, train.n - from) }, (_, i) => ({
      id: String(from + i),
      values: Array.from(train.data.subarray((from + i) * train.d, (from + i + 1) * train.d)),
    }));
    token = (await call<WriteResponse>(`${baseUrl}/v1/collections/${name}/vectors`, 'PUT', { vectors } satisfies UpsertVectorsRequest)).token;
  }
  const loadSeconds = (performance.now() - t0) / 1000;

  const found: number[] = [];
  const t1 = performance.now();
  for (let q = 0; q < test.n; q++) {
    const request: SearchRequest = { queries: [Array.from(test.data.subarray(q * test.d, (q + 1) * test.d))], k: K, token };
    const response = await call<SearchResponse>(`${baseUrl}/v1/collections/${name}/search`, 'POST', request);
    for (let j = 0; j < K; j++) found.push(response.results[0][j] ? Number(response.results[0][j].id) : -1);
  }
  const searchSeconds = (performance.now() - t1) / 1000;
  const info = await call<CollectionInfo>(`${baseUrl}/v1/collections/${name}`, 'GET');
  const truth = exactKnn(train, test, K, 'l2').ids;
  console.log(
    JSON.stringify({
      collection: name,
      state: info.state,
      vectors: info.vectors,
      loadVectorsPerSecond: Math.round(train.n / loadSeconds),
      queries: test.n,
      recall10: Number(recallAtK(found, truth, test.n, K).toFixed(4)),
      searchQps: Math.round(test.n / searchSeconds),
    }),
  );
  if (info.state === 'exact') console.log('state "exact": the shards answer by exact search until the collection is trained (BullMQ training jobs come next).');
}
