// A module-local alias: under Jest's vm sandbox the global `Number` in a hot loop is a slow lookup.
const toNumber = Number;

export interface RecallOptions {
  /** Distance between consecutive queries' rows in `found`, e.g. 100 when scoring the top 10 of a k=100 search. @defaultValue k */
  foundStride?: number;
  /** Distance between consecutive queries' rows in `truth`. @defaultValue k */
  truthStride?: number;
}

/**
 * Recall@k: the mean over queries of |found[:k] ∩ truth[:k]| / k. `found` may hold Faiss-style
 * bigint ids; -1 entries (empty slots) never match, and a repeated id counts once.
 */
export function recallAtK(
  found: ArrayLike<number | bigint>,
  truth: ArrayLike<number>,
  nq: number,
  k: number,
  options: RecallOptions = {},
): number {
  const { foundStride = k, truthStride = k } = options;
  if (!Number.isInteger(nq) || nq < 1) throw new RangeError(`recallAtK: nq must be a positive integer, got ${nq}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`recallAtK: k must be a positive integer, got ${k}`);
  checkLayout('found', found.length, foundStride, nq, k);
  checkLayout('truth', truth.length, truthStride, nq, k);

  const wanted = new Set<number>();
  let total = 0;
  for (let q = 0; q < nq; q++) {
    wanted.clear();
    for (let j = 0; j < k; j++) {
      const id = truth[q * truthStride + j];
      if (id >= 0) wanted.add(id);
    }
    let hits = 0;
    for (let j = 0; j < k; j++) {
      // Deleting on a hit makes a duplicate in `found` count once.
      if (wanted.delete(toNumber(found[q * foundStride + j]))) hits++;
    }
    total += hits / k;
  }
  return total / nq;
}

function checkLayout(name: string, length: number, stride: number, nq: number, k: number): void {
  if (!Number.isInteger(stride) || stride < k) {
    throw new RangeError(`recallAtK: ${name}Stride must be an integer >= k (${k}), got ${stride}`);
  }
  const needed = (nq - 1) * stride + k;
  if (length < needed) {
    throw new RangeError(`recallAtK: ${name} has ${length} entries, needs at least ${needed} for nq=${nq}, k=${k}, stride=${stride}`);
  }
}
