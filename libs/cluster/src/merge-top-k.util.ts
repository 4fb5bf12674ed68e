import { assertInteger, ClusterError, ClusterErrorCode } from './cluster.error';

/**
 * A search result. Lower distance is better for every Shoal metric (l2 = squared euclidean,
 * ip = -dot, cosine = 1 - cos), so merging never needs to know the metric.
 */
export interface Hit {
  id: string;
  distance: number;
}

/** Total order of results: lower distance first, then the lexicographically smaller id (UTF-16 code units). */
export function compareHits(a: Hit, b: Hit): number {
  // Infinity - Infinity is NaN, which is falsy and so falls through to the id.
  return a.distance - b.distance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Global top-k of per-shard result lists, each sorted ascending by distance.
 *
 * A k-way merge over the list heads with a binary heap: O((k + duplicates) · log lists), independent
 * of list length. Shards order equal distances by their internal labels, not by our string ids, so
 * the merge also drains the whole group of hits tied with the k-th one and the result is then
 * ordered by {@link compareHits}: output is deterministic and equals "concatenate, keep each id's
 * best hit, sort, take k". Extra fields (metadata) are kept; the returned objects are the inputs.
 *
 * Throws `InvalidArgument` for a negative or fractional `k`, a NaN distance, or a list whose
 * distances go down (only the part actually read is checked).
 */
export function mergeTopK<T extends Hit>(lists: readonly (readonly T[])[], k: number): T[] {
  assertInteger('k', k, 0);
  const heads = new HeadHeap(lists);
  const out: T[] = [];
  const seen = new Set<string>();
  let boundary = NaN;
  while (heads.size > 0) {
    const hit = heads.peek();
    // NaN boundary (k not reached) never equals, so this only stops once k ids are in and the tie group is drained.
    if (out.length >= k && hit.distance !== boundary) break;
    heads.advance();
    if (seen.has(hit.id)) continue;
    seen.add(hit.id);
    out.push(hit);
    if (out.length === k) boundary = hit.distance;
  }
  out.sort(compareHits);
  if (out.length > k) out.length = k;
  return out;
}

/**
 * {@link mergeTopK} for a batch of queries: `perShard[s][q]` is shard `s`'s list for query `q`;
 * the result's `[q]` is the merged top-k of query `q`. Every shard must answer every query.
 */
export function mergeBatches<T extends Hit>(perShard: readonly (readonly (readonly T[])[])[], k: number): T[][] {
  if (perShard.length === 0) return [];
  const queries = perShard[0].length;
  perShard.forEach((answers, shard) => {
    if (answers.length !== queries) {
      throw new ClusterError(
        ClusterErrorCode.InvalidArgument,
        `shard list ${shard} answered ${answers.length} queries, shard list 0 answered ${queries}`,
        { shard, expected: queries, received: answers.length },
      );
    }
  });
  const merged: T[][] = new Array(queries);
  for (let q = 0; q < queries; q++) merged[q] = mergeTopK(perShard.map((answers) => answers[q]), k);
  return merged;
}

/** Min-heap of list indices keyed by each list's current head, then by list index for determinism. */
class HeadHeap<T extends Hit> {
  private readonly heap: number[] = [];
  private readonly pos: Int32Array;

  constructor(private readonly lists: readonly (readonly T[])[]) {
    this.pos = new Int32Array(lists.length);
    lists.forEach((list, l) => {
      if (list.length === 0) return;
      this.check(l, 0);
      this.heap.push(l);
      this.siftUp(this.heap.length - 1);
    });
  }

  get size(): number {
    return this.heap.length;
  }

  peek(): T {
    const l = this.heap[0];
    return this.lists[l][this.pos[l]];
  }

  /** Moves the best list past its head; drops the list when it is exhausted. */
  advance(): void {
    const l = this.heap[0];
    const next = ++this.pos[l];
    if (next < this.lists[l].length) {
      this.check(l, next);
    } else {
      const last = this.heap.pop() as number;
      if (this.heap.length === 0) return;
      this.heap[0] = last;
    }
    this.siftDown(0);
  }

  private check(l: number, i: number): void {
    const { distance, id } = this.lists[l][i];
    if (Number.isNaN(distance)) {
      throw new ClusterError(ClusterErrorCode.InvalidArgument, `list ${l} has a NaN distance for id ${id}`, { list: l, index: i, id });
    }
    if (i > 0 && distance < this.lists[l][i - 1].distance) {
      throw new ClusterError(ClusterErrorCode.InvalidArgument, `list ${l} is not sorted ascending by distance at index ${i}`, {
        list: l,
        index: i,
      });
    }
  }

  private less(a: number, b: number): boolean {
    const c = compareHits(this.lists[a][this.pos[a]], this.lists[b][this.pos[b]]);
    return c < 0 || (c === 0 && a < b);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) return;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
