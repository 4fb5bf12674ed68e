import { Readable } from 'node:stream';
import { encodeFvecs, encodeJsonl, encodeNpy } from './import.encoders';
import type { ImportFormat } from './import-format';
import type { ImportReadOptions } from './import-read.options';
import { MAX_ID_PREFIX_LENGTH, readImportBatches } from './read-import-batches';
import { byteSource } from './testing/byte-source';
import { collectBatches, flatten } from './testing/import-expectations';

const n = 23;
const d = 3;
const data = Float32Array.from({ length: n * d }, (_, i) => (i % 7) * 0.25 - 1 + i / 3);
const rowOf = (i: number) => [...data.subarray(i * d, i * d + d)];
const jsonlRecords = Array.from({ length: n }, (_, i) => ({
  id: `doc-${i}-é`,
  values: rowOf(i),
  ...(i % 3 === 0 ? { metadata: { i, tag: 'ü☃' } } : {}),
}));

const files: Record<ImportFormat, Buffer> = {
  fvecs: encodeFvecs(data, d),
  npy: encodeNpy(data, n, d),
  jsonl: encodeJsonl(jsonlRecords),
};
const expected: Record<ImportFormat, ReturnType<typeof flatten>> = {
  fvecs: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, values: rowOf(i) })),
  npy: Array.from({ length: n }, (_, i) => ({ id: `p${i}`, values: rowOf(i) })),
  jsonl: jsonlRecords.map((r) => ({ ...r, id: `p${r.id}` })),
};
const optionsFor = (format: ImportFormat, extra: Partial<ImportReadOptions> = {}): ImportReadOptions => ({
  format,
  dimension: d,
  idPrefix: 'p',
  batchSize: 4,
  ...extra,
});

describe.each(['fvecs', 'npy', 'jsonl'] as const)('readImportBatches: %s', (format) => {
  const bytes = files[format];

  it('round-trips the file in whole and in 1..7-byte chunks, in contiguous bounded batches', async () => {
    for (const chunking of ['whole', 'tiny'] as const) {
      const batches = await collectBatches(bytes, optionsFor(format), chunking);
      expect(flatten(batches)).toEqual(expected[format]);
      expect(batches.map((b) => b.records.length)).toEqual([4, 4, 4, 4, 4, 3]);
      expect(batches.map((b) => b.firstRecord)).toEqual([0, 4, 8, 12, 16, 20]);
      batches.slice(1).forEach((batch, i) => expect(batch.startOffset).toBe(batches[i].endOffset));
      expect(batches[batches.length - 1].endOffset).toBe(bytes.length);
    }
  });

  it('resumed from any batch end, yields exactly the records after it', async () => {
    const all = await collectBatches(bytes, optionsFor(format));
    for (const [i, batch] of all.entries()) {
      const resume = { startOffset: batch.endOffset, startRecord: batch.firstRecord + batch.records.length };
      const rest = await collectBatches(bytes, optionsFor(format, resume), 'tiny');
      expect(flatten([...all.slice(0, i + 1), ...rest])).toEqual(expected[format]);
      expect(rest.map((b) => b.firstRecord)).toEqual(all.slice(i + 1).map((b) => b.firstRecord));
      expect(rest.map((b) => b.startOffset)).toEqual(all.slice(i + 1).map((b) => b.startOffset));
    }
  });

  it('bounds batches by payload bytes as well as by count', async () => {
    // fvecs and npy records are 12 value bytes + 2 or 3 id bytes; jsonl adds longer ids and metadata.
    const batches = await collectBatches(bytes, optionsFor(format, { batchSize: 100, maxBatchBytes: 64 }));
    expect(flatten(batches)).toEqual(expected[format]);
    for (const batch of batches) {
      const payload = batch.records.reduce(
        (sum, r) => sum + 4 * d + Buffer.byteLength(r.id) + (r.metadata === undefined ? 0 : Buffer.byteLength(JSON.stringify(r.metadata))),
        0,
      );
      expect(payload <= 64 || batch.records.length === 1).toBe(true);
    }
    expect(batches.length).toBeGreaterThan(n / 5);
  });

  it('stops reading and releases the stream when the consumer stops early', async () => {
    const source = byteSource(bytes);
    const streams: Readable[] = [];
    const open = async (start: number) => {
      const stream = (await source.open(start)) as Readable;
      streams.push(stream);
      return stream;
    };
    for await (const batch of readImportBatches(open, optionsFor(format))) {
      expect(batch.firstRecord).toBe(0);
      break;
    }
    expect(streams.every((stream) => stream.destroyed)).toBe(true);
  });
});

describe('readImportBatches options', () => {
  const open = byteSource(files.fvecs).open;
  const read = (options: Partial<ImportReadOptions>) => () => readImportBatches(open, { ...optionsFor('fvecs'), ...options });

  it('refuses invalid options when the reader is created', () => {
    expect(read({ format: 'csv' as ImportFormat })).toThrow('format must be one of fvecs, jsonl, npy, got csv');
    expect(read({ dimension: 0 })).toThrow('dimension must be an integer from 1 to 4096, got 0');
    expect(read({ dimension: 4097 })).toThrow(RangeError);
    expect(read({ batchSize: 0 })).toThrow('batchSize must be an integer ≥ 1, got 0');
    expect(read({ batchSize: 1.5 })).toThrow(RangeError);
    expect(read({ startOffset: -16 })).toThrow('startOffset must be an integer ≥ 0, got -16');
    expect(read({ startRecord: -1 })).toThrow(RangeError);
    expect(read({ maxBatchBytes: 0 })).toThrow('maxBatchBytes must be positive, got 0');
    expect(read({ idPrefix: 'x'.repeat(MAX_ID_PREFIX_LENGTH + 1) })).toThrow(`idPrefix must be at most ${MAX_ID_PREFIX_LENGTH} characters`);
    expect(read({ idPrefix: '☃'.repeat(MAX_ID_PREFIX_LENGTH) })).not.toThrow();
  });

  it('defaults to the start of the file, no prefix and no byte bound', async () => {
    const batches = await collectBatches(files.fvecs, { format: 'fvecs', dimension: d, batchSize: n });
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ startOffset: 0, endOffset: files.fvecs.length, firstRecord: 0 });
    expect(batches[0].records[5].id).toBe('5');
  });
});

describe('readImportBatches streaming', () => {
  it('reads 200k records batch by batch without holding the file', async () => {
    const records = 200_000;
    const dim = 4;
    const recordBytes = 4 + 4 * dim;
    const chunkRecords = 1024;
    let produced = 0;
    async function* fvecsChunks(): AsyncGenerator<Buffer> {
      for (let first = 0; first < records; first += chunkRecords) {
        const count = Math.min(chunkRecords, records - first);
        const values = Float32Array.from({ length: count * dim }, (_, i) => first + Math.floor(i / dim));
        produced += count * recordBytes;
        yield encodeFvecs(values, dim);
      }
    }
    const batches = readImportBatches(async () => Readable.from(fvecsChunks()), { format: 'fvecs', dimension: dim, batchSize: 1000 });
    let seen = 0;
    let producedAtFirstBatch = 0;
    for await (const batch of batches) {
      producedAtFirstBatch ||= produced;
      expect(batch.firstRecord).toBe(seen);
      expect(batch.records[batch.records.length - 1].values[0]).toBe(seen + batch.records.length - 1);
      seen += batch.records.length;
    }
    expect(seen).toBe(records);
    // Only the stream's read-ahead (16 chunks) had been produced when the first batch came out.
    expect(producedAtFirstBatch).toBeLessThanOrEqual(20 * chunkRecords * recordBytes);
    expect(produced).toBe(records * recordBytes);
  });
});
