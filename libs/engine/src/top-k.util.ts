/**
 * Bounded selection of the k best (lowest distance) candidates.
 * A max-heap on (distance, label) keeps the current worst at the root, so each candidate
 * costs O(1) when rejected and O(log k) when kept. Ties are broken by the lower label,
 * which makes results deterministic across backends.
 */
export class TopK {
  private readonly dist: Float64Array;
  private readonly label: BigInt64Array;
  private count = 0;

  constructor(readonly k: number) {
    this.dist = new Float64Array(k);
    this.label = new BigInt64Array(k);
  }

  get size(): number {
    return this.count;
  }

  /** The distance a candidate must beat to enter (Infinity until full). */
  get threshold(): number {
    return this.count < this.k ? Infinity : this.dist[0];
  }

  push(distance: number, label: bigint): void {
    if (this.k === 0) return;
    if (this.count < this.k) {
      this.dist[this.count] = distance;
      this.label[this.count] = label;
      this.count++;
      this.siftUp(this.count - 1);
      return;
    }
    if (!this.worse(this.dist[0], this.label[0], distance, label)) return;
    this.dist[0] = distance;
    this.label[0] = label;
    this.siftDown(0);
  }

  /** Best first. Empties the heap. */
  drain(): { distances: Float32Array; labels: BigInt64Array } {
    const n = this.count;
    const distances = new Float32Array(n);
    const labels = new BigInt64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      distances[i] = this.dist[0];
      labels[i] = this.label[0];
      this.count--;
      if (this.count > 0) {
        this.dist[0] = this.dist[this.count];
        this.label[0] = this.label[this.count];
        this.siftDown(0);
      }
    }
    return { distances, labels };
  }

  /** true when (d1,l1) ranks after (d2,l2). */
  private worse(d1: number, l1: bigint, d2: number, l2: bigint): boolean {
    return d1 > d2 || (d1 === d2 && l1 > l2);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(this.dist[i], this.label[i], this.dist[p], this.label[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.count && this.worse(this.dist[l], this.label[l], this.dist[m], this.label[m])) m = l;
      if (r < this.count && this.worse(this.dist[r], this.label[r], this.dist[m], this.label[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const d = this.dist[a];
    this.dist[a] = this.dist[b];
    this.dist[b] = d;
    const l = this.label[a];
    this.label[a] = this.label[b];
    this.label[b] = l;
  }
}
