/**
 * Implementation of Faiss's hot distance kernels (`fvec_L2sqr`, `fvec_inner_product`,
 * `fvec_madd`, …) in the core: `'avx2'` is Shoal's AVX2+FMA code (default when the CPU has both),
 * `'generic'` Debian's scalar originals. Results agree up to float rounding.
 */
export type FaissDistanceKernels = 'avx2' | 'generic';
