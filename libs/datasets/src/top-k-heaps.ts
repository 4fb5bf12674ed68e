/**
 * One bounded max-heap of (distance, id) per query slot, all in two flat typed arrays. The root
 * of each heap is its worst entry: larger distance, or equal distance and larger id. Heaps start
 * full of (+Infinity, -1), so slots that never see k candidates come out padded with -1.
 */
export class TopKHeaps {
  private readonly dist: Float32Array;
  private readonly ids: Int32Array;

  constructor(
    slots: number,
    private readonly k: number,
  ) {
    this.dist = new Float32Array(slots * k);
    this.ids = new Int32Array(slots * k);
    this.reset();
  }

  reset(): void {
    this.dist.fill(Infinity);
    this.ids.fill(-1);
  }

  /**
   * Offers a candidate; callers must offer ids in increasing order per slot, so an equal distance
   * never displaces the root (the earlier, lower id wins the tie).
   */
  offer(slot: number, distance: number, id: number): void {
    const root = slot * this.k;
    if (distance < this.dist[root]) this.siftDown(root, this.k, distance, id);
  }

  /** Writes the slot's entries best first (ascending distance, then id) and leaves the heap sorted. */
  drain(slot: number, ids: Int32Array, distances: Float32Array, offset: number): void {
    const root = slot * this.k;
    // In-place heapsort: repeatedly move the worst entry to the end of the shrinking heap.
    for (let size = this.k - 1; size > 0; size--) {
      const d = this.dist[root + size];
      const id = this.ids[root + size];
      this.dist[root + size] = this.dist[root];
      this.ids[root + size] = this.ids[root];
      this.siftDown(root, size, d, id);
    }
    ids.set(this.ids.subarray(root, root + this.k), offset);
    distances.set(this.dist.subarray(root, root + this.k), offset);
  }

  /** Places (d, id) at the root of the `size`-entry heap at `root` and restores heap order. */
  private siftDown(root: number, size: number, d: number, id: number): void {
    const dist = this.dist;
    const ids = this.ids;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && worse(dist[root + right], ids[root + right], dist[root + child], ids[root + child])) child = right;
      if (!worse(dist[root + child], ids[root + child], d, id)) break;
      dist[root + i] = dist[root + child];
      ids[root + i] = ids[root + child];
      i = child;
    }
    dist[root + i] = d;
    ids[root + i] = id;
  }
}

function worse(da: number, ia: number, db: number, ib: number): boolean {
  return da > db || (da === db && ia > ib);
}
