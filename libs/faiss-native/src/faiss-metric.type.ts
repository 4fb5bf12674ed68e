/**
 * Distance used by an index: squared L2 (smaller is closer) or inner product (larger is closer).
 * For cosine, normalize vectors and queries and use `'ip'`.
 */
export type FaissMetric = 'l2' | 'ip';
