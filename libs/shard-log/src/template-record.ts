import type { IndexSpecDto, Metric, RecallEstimate } from '@shoal/contracts';
import { NAME_PATTERN } from '@shoal/storage';

/** The IVF-PQ spec a template was trained for. */
export type TemplateIndexSpec = Extract<IndexSpecDto, { type: 'ivf_pq' }>;

/** What the training job records about a generation's template. */
export interface TemplateInfo {
  generation: number;
  dimension: number;
  metric: Metric;
  index: TemplateIndexSpec;
  /** Vectors the template was trained on. */
  sampleSize: number;
  /** Upserts in the shards' logs the sample was drawn from. */
  scannedUpserts: number;
  trainSeconds: number;
  /** Recall of the template's index, measured on held-out vectors; `null` when none were held out. */
  recallEstimate: RecallEstimate | null;
  /** ISO-8601 time the template was trained. */
  createdAt: string;
}

/**
 * Contents of `collections/{c}/generations/{g}/template.json`, the template's commit point:
 * written once, after the index bytes, naming the upload that holds them.
 */
export interface TemplateRecord {
  info: TemplateInfo;
  /** Id of the training run whose index this is: `template/{upload}.faiss`. */
  upload: string;
  /** Size of the serialized index, checked when it is read. */
  bytes: number;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const METRICS: readonly unknown[] = ['l2', 'ip', 'cosine'];

/** Why `value` is not the template record of `generation`, or `null` when it is. */
export function templateRecordProblem(value: unknown, generation: number): string | null {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const { info, upload, bytes } = value as Record<string, unknown>;
  if (typeof upload !== 'string' || !NAME_PATTERN.test(upload)) return `upload ${JSON.stringify(upload)} is not a plain name`;
  if (!isCount(bytes) || bytes === 0) return 'bytes is not a positive integer';
  if (typeof info !== 'object' || info === null) return 'info is not an object';
  const fields = info as Record<string, unknown>;
  if (fields['generation'] !== generation) return `info.generation is ${JSON.stringify(fields['generation'])}, the key says ${generation}`;
  if (!isCount(fields['dimension']) || fields['dimension'] === 0) return 'info.dimension is not a positive integer';
  if (!METRICS.includes(fields['metric'])) return `info.metric ${JSON.stringify(fields['metric'])} is not "l2", "ip" or "cosine"`;
  if ((fields['index'] as { type?: unknown } | null)?.type !== 'ivf_pq') return 'info.index is not an IVF-PQ spec';
  if (typeof fields['createdAt'] !== 'string') return 'info.createdAt is not a string';
  return null;
}
