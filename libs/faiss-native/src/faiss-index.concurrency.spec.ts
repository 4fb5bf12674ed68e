import { performance } from 'node:perf_hooks';

import { FaissIndex, getNumThreads, setNumThreads } from './index';

import { DEFAULT_ADDON_PATH, loadNativeFrom } from './load-native';
import { clusteredVectors, seededRandom, sequentialIds } from './testing/synthetic';

const d = 32;
const n = 10_000;
const base = clusteredVectors(n, d, 3);
const ids = sequentialIds(n, 1);

async function trainedIvf(count: number): Promise<FaissIndex> {
  const index = FaissIndex.create(d, 'IVF32,Flat', 'l2');
  await index.train(base);
  await index.addWithIds(base.subarray(0, count * d), ids.subarray(0, count));
  return index;
}

function randomQueries(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count * d }, () => random() * 2 - 1);
}

/** Runs `work` while a 10 ms interval timer measures how late the event loop runs it. */
async function withTimer(work: () => Promise<unknown>): Promise<{ durationMs: number; maxTimerDelayMs: number }> {
  let last = performance.now();
  let maxTimerDelayMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxTimerDelayMs = Math.max(maxTimerDelayMs, now - last - 10);
    last = now;
  }, 10);
  const start = performance.now();
  await work();
  const durationMs = performance.now() - start;
  clearInterval(timer);
  return { durationMs, maxTimerDelayMs };
}

describe('FaissIndex: concurrency', () => {
  it('serves concurrent searches while vectors are added', async () => {
    const index = await trainedIvf(2000);
    const known = new Set(ids);
    const adds = [2000, 4000, 6000, 8000].map((start) =>
      index.addWithIds(base.subarray(start * d, (start + 2000) * d), ids.subarray(start, start + 2000)),
    );
    const k = 10;
    const searches = Array.from({ length: 60 }, (_, i) => index.search(randomQueries(20, i), k, { nprobe: 4 }));
    await Promise.all(adds);
    const results = await Promise.all(searches);

    for (const { labels, distances } of results) {
      for (const label of labels) expect(label === -1n || known.has(label)).toBe(true);
      for (let j = 1; j < distances.length; j++) {
        if (j % k !== 0) expect(distances[j]).toBeGreaterThanOrEqual(distances[j - 1]);
      }
    }
    expect(index.ntotal).toBe(n);
    const late = await index.search(base.subarray((n - 1) * d), 1, { nprobe: 32 });
    expect(late.labels[0]).toBe(ids[n - 1]);
    index.dispose();
  });

  it('keeps the event loop free during a batch search of more than 300 ms', async () => {
    const index = await trainedIvf(n);
    // Grow the batch until one search really takes over 300 ms on this machine.
    let outcome = { durationMs: 0, maxTimerDelayMs: 0 };
    for (let nq = 4000; outcome.durationMs <= 300 && nq <= 512_000; nq *= 2) {
      const queries = randomQueries(nq, nq);
      outcome = await withTimer(() => index.search(queries, 10, { nprobe: 32 }));
    }
    expect(outcome.durationMs).toBeGreaterThan(300);
    expect(outcome.maxTimerDelayMs).toBeLessThan(50);
    index.dispose();
  });

  it('lets dispose wait for a running search', async () => {
    const index = await trainedIvf(n);
    const running = index.search(randomQueries(20_000, 9), 10, { nprobe: 32 });
    // Let the worker start and take its shared lock before dispose takes the exclusive one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    index.dispose();
    const { labels } = await running;
    expect(labels).toHaveLength(20_000 * 10);
    expect(labels[0]).not.toBe(-1n);
  });

  it('rejects calls queued behind dispose with "index disposed"', async () => {
    const index = await trainedIvf(1000);
    const queued = index.search(randomQueries(1, 1), 1);
    index.dispose();
    const outcome = await queued.then(
      (result) => result.labels.length,
      (error: Error) => error.message,
    );
    // Either the search ran before dispose took the lock, or it found the index gone.
    expect([1, 'index disposed']).toContain(outcome);
  });
});

describe('setNumThreads', () => {
  const original = getNumThreads();
  afterAll(() => setNumThreads(original));

  it('sets the OpenMP team size of the worker threads', async () => {
    const native = loadNativeFrom(DEFAULT_ADDON_PATH);
    setNumThreads(1);
    expect(getNumThreads()).toBe(1);
    expect(await native.probeWorkerThreads()).toBe(1);
    setNumThreads(2);
    expect(await native.probeWorkerThreads()).toBe(2);
  });

  it.each([0, 1.5, 5000])('rejects %p', (threads) => {
    expect(() => setNumThreads(threads)).toThrow(`threads must be a positive integer <= 1024, got ${threads}`);
  });
});
