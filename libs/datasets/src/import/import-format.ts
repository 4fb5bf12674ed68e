/** The file formats a bulk import reads. */
export type ImportFormat = 'fvecs' | 'jsonl' | 'npy';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['fvecs', 'jsonl', 'npy'];
