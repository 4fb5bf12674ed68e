import { ClusterError } from '../cluster.error';

/** Test support only: the `ClusterError` code `fn` throws, `'none'` when it returns, or `'foreign'` for other errors. */
export function errorCodeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof ClusterError ? e.code : 'foreign';
  }
  return 'none';
}
