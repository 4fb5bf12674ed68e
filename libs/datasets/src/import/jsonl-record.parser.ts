import { LIMITS } from '@shoal/contracts';
import { payloadBytes } from './batch-records';
import { nonFiniteReason } from './float32-values';
import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';
import type { ImportRecord } from './import-record';

// Module-local aliases: Jest's vm sandbox makes global lookups in per-record code ~100× slower.
const isFinite = Number.isFinite;
const { fround } = Math;
const { isArray } = Array;
const { keys } = Object;
const { parse, stringify } = JSON;
const { byteLength } = Buffer;

const FIELDS = new Set(['id', 'values', 'metadata']);
const SHOWN_VALUE_CHARS = 40;

/** Where the line being parsed sits, for error messages. */
export interface JsonlLinePosition {
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Ordinal of the record (non-blank lines before it). */
  record: number;
}

/** A validated record and its payload bytes (values, id and metadata JSON, as `maxBatchBytes` counts them). */
export interface ParsedJsonlRecord {
  record: ImportRecord;
  bytes: number;
}

/**
 * Validates one jsonl line, `{"id": string, "values": number[], "metadata"?: object}`, by the
 * rules of the upsert API (libs/contracts): the same id and metadata limits, values exactly
 * `dimension` numbers that are finite as float32, no other fields.
 */
export function parseJsonlRecord(text: string, at: JsonlLinePosition, dimension: number, idPrefix: string): ParsedJsonlRecord {
  const fail = (code: ImportFormatErrorCode, reason: string) => new ImportFormatError(code, { format: 'jsonl', ...at, reason });
  let line: unknown;
  try {
    line = parse(text);
  } catch (error) {
    throw fail(ImportFormatErrorCode.InvalidJson, `invalid JSON: ${(error as Error).message}`);
  }
  if (typeof line !== 'object' || line === null || isArray(line)) {
    throw fail(ImportFormatErrorCode.InvalidRecord, `the line is ${kindOf(line)}, not a JSON object`);
  }
  for (const field of keys(line)) {
    if (!FIELDS.has(field)) {
      throw fail(ImportFormatErrorCode.UnknownField, `unknown field ${stringify(field)} (a record has id, values and optionally metadata)`);
    }
  }
  const { id, values, metadata } = line as { id?: unknown; values?: unknown; metadata?: unknown };

  if (id === undefined) throw fail(ImportFormatErrorCode.InvalidId, 'missing id');
  if (typeof id !== 'string') throw fail(ImportFormatErrorCode.InvalidId, `id is ${kindOf(id)}, not a string`);
  if (id === '') throw fail(ImportFormatErrorCode.InvalidId, 'id is empty');
  const fullId = idPrefix + id;
  // The API's JSON schema counts code points; each takes one or two UTF-16 units, so only a long
  // string needs counting.
  const idLength = fullId.length > LIMITS.maxIdLength ? [...fullId].length : 0;
  if (idLength > LIMITS.maxIdLength) {
    const withPrefix = idPrefix === '' ? '' : ' with the idPrefix';
    throw fail(ImportFormatErrorCode.InvalidId, `id is ${idLength} characters${withPrefix}, over the limit of ${LIMITS.maxIdLength}`);
  }

  if (values === undefined) throw fail(ImportFormatErrorCode.InvalidValues, 'missing values');
  if (!isArray(values)) throw fail(ImportFormatErrorCode.InvalidValues, `values is ${kindOf(values)}, not an array of numbers`);
  if (values.length !== dimension) {
    throw fail(ImportFormatErrorCode.DimensionMismatch, `values has ${values.length} numbers, the collection's dimension is ${dimension}`);
  }
  const packed = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) {
    const value: unknown = values[i];
    if (typeof value !== 'number') throw fail(ImportFormatErrorCode.InvalidValues, `values[${i}] is ${show(value)}, not a number`);
    // JSON.parse reads 1e400 as Infinity, and 1e39 is finite here but Infinity as float32.
    if (!isFinite(fround(value))) throw fail(ImportFormatErrorCode.NonFiniteValue, nonFiniteReason(i, value));
    packed[i] = value;
  }

  const record: ImportRecord = { id: fullId, values: packed };
  if (metadata === undefined) return { record, bytes: payloadBytes(dimension, fullId) };
  if (typeof metadata !== 'object' || metadata === null || isArray(metadata)) {
    throw fail(ImportFormatErrorCode.InvalidMetadata, `metadata is ${kindOf(metadata)}, not a JSON object`);
  }
  const metadataBytes = byteLength(stringify(metadata));
  if (metadataBytes > LIMITS.maxMetadataBytes) {
    throw fail(ImportFormatErrorCode.InvalidMetadata, `metadata is ${metadataBytes} bytes of JSON, over the limit of ${LIMITS.maxMetadataBytes}`);
  }
  record.metadata = metadata as Record<string, unknown>;
  return { record, bytes: payloadBytes(dimension, fullId, metadataBytes) };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${show(value)}`;
}

function show(value: unknown): string {
  const json = stringify(value) ?? String(value);
  return json.length > SHOWN_VALUE_CHARS ? `${json.slice(0, SHOWN_VALUE_CHARS)}…` : json;
}
