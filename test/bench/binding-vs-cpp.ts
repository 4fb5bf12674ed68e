import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFashionMnist, writeFvecs } from '@shoal/datasets';
import { FaissIndex, getNumThreads } from '@shoal/faiss-native';

const HARNESS_DIR = join(__dirname, 'faiss-cpp');
const HARNESS = join(HARNESS_DIR, 'build', 'search_bench');
const DESCRIPTOR = 'IVF1024,PQ56x8np';
const NPROBE = 16;
const K = 10;
const RUNS = 5;
const ROUNDS = 3;

export interface BindingVsCppRow {
  kind: 'binding_vs_cpp';
  dataset: string;
  index: string;
  nq: number;
  k: number;
  nprobe: number;
  threads: number;
  binding_qps: number;
  cpp_qps: number;
  /** binding / C++ (best of RUNS each); ≥ 0.9 means within 10%. */
  ratio: number;
}

/**
 * The same IVF-PQ index and the same query batch, searched through the Node binding and through a
 * plain C++ program linking the same libfaiss.a with the same thread count: the binding's overhead.
 */
export async function bindingVsCpp(): Promise<BindingVsCppRow> {
  if (!existsSync(HARNESS)) execFileSync('bash', [join(HARNESS_DIR, 'build.sh')], { stdio: 'ignore' });
  // The whole 10k test set: a large batch keeps the timing stable.
  const { train, test } = await loadFashionMnist();
  const dir = await mkdtemp(join(tmpdir(), 'shoal-binding-vs-cpp-'));
  try {
    const index = FaissIndex.create(train.d, DESCRIPTOR, 'l2');
    await index.train(train.data);
    await index.addWithIds(train.data, BigInt64Array.from({ length: train.n }, (_, i) => BigInt(i)));
    await index.writeFile(join(dir, 'index.faiss'));
    await writeFvecs(join(dir, 'queries.fvecs'), test);

    await index.search(test.data, K, { nprobe: NPROBE }); // warm-up
    const threads = getNumThreads();
    // Interleaved rounds, best of each side: both see the same machine state, so background load
    // (or CPU frequency drift) cannot favour one side.
    let best = Infinity;
    let cppBest = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      for (let run = 0; run < RUNS; run++) {
        const t0 = process.hrtime.bigint();
        await index.search(test.data, K, { nprobe: NPROBE });
        best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
      }
      const out = execFileSync(HARNESS, [
        '--index', join(dir, 'index.faiss'), '--queries', join(dir, 'queries.fvecs'),
        '--k', String(K), '--nprobe', String(NPROBE), '--threads', String(threads), '--runs', String(RUNS),
      ]).toString();
      cppBest = Math.min(cppBest, (JSON.parse(out) as { best_s: number }).best_s);
    }
    index.dispose();
    const cpp = { best_s: cppBest };
    const bindingQps = test.n / best;
    const cppQps = test.n / cpp.best_s;
    return {
      kind: 'binding_vs_cpp',
      dataset: 'fashion-mnist-784',
      index: DESCRIPTOR,
      nq: test.n,
      k: K,
      nprobe: NPROBE,
      threads,
      binding_qps: bindingQps,
      cpp_qps: cppQps,
      ratio: bindingQps / cppQps,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
