import type { FaissIndex } from '../faiss-index';

/**
 * For specs: returns `track`, which hands back the index it is given and disposes of it after the
 * file's last test (registers the jest `afterAll` hook).
 */
export function disposeAfterAll(): (index: FaissIndex) => FaissIndex {
  const created: FaissIndex[] = [];
  afterAll(() => created.forEach((index) => index.dispose()));
  return (index) => {
    created.push(index);
    return index;
  };
}
