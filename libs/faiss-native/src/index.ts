export { FaissIndex } from './faiss-index';
export type { FaissMemoryUsage } from './faiss-memory-usage.interface';
export type { FaissMetric } from './faiss-metric.type';
export type { FaissSearchOptions } from './faiss-search-options.interface';
export type { FaissSearchResult } from './faiss-search-result.interface';
export { FaissUnavailableError } from './faiss-unavailable.error';
export { addonPath, DEFAULT_ADDON_PATH, isFaissAvailable, loadFaissNative, loadNativeFrom } from './load-native';
export { getNumThreads, setNumThreads } from './threads';
