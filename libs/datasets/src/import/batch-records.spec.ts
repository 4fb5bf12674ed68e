import { batchRecords, payloadBytes } from './batch-records';
import type { ImportBatch } from './import-batch';
import type { SourcedRecord } from './sourced-record';

/** Records of the given payload sizes, 10 bytes apart in the file; `pulled` counts what the batcher asked for. */
function source(sizes: number[]) {
  const state = { pulled: 0 };
  async function* records(): AsyncGenerator<SourcedRecord> {
    for (const [ordinal, bytes] of sizes.entries()) {
      state.pulled++;
      yield { record: { id: String(ordinal), values: new Float32Array(1) }, ordinal, start: ordinal * 10, end: ordinal * 10 + 10, bytes };
    }
  }
  return { records: records(), state };
}

const shape = (batch: ImportBatch) => [batch.records.map((r) => r.id).join(','), batch.startOffset, batch.endOffset, batch.firstRecord];

describe('batchRecords', () => {
  it('cuts batches at batchSize records', async () => {
    const batches = [];
    for await (const batch of batchRecords(source([1, 1, 1, 1, 1]).records, { batchSize: 2, maxBatchBytes: Infinity })) batches.push(shape(batch));
    expect(batches).toEqual([
      ['0,1', 0, 20, 0],
      ['2,3', 20, 40, 2],
      ['4', 40, 50, 4],
    ]);
  });

  it('cuts batches before maxBatchBytes is exceeded, and lets a larger record form a batch alone', async () => {
    const batches = [];
    for await (const batch of batchRecords(source([40, 50, 20, 100, 10]).records, { batchSize: 10, maxBatchBytes: 60 })) batches.push(shape(batch)[0]);
    expect(batches).toEqual(['0', '1', '2', '3', '4']);
    const packed = [];
    for await (const batch of batchRecords(source([30, 30, 30, 10, 10, 10]).records, { batchSize: 10, maxBatchBytes: 60 })) packed.push(shape(batch)[0]);
    expect(packed).toEqual(['0,1', '2,3,4,5']);
  });

  it('yields a full batch before reading the next record', async () => {
    const { records, state } = source([1, 1, 1]);
    const batches = batchRecords(records, { batchSize: 2, maxBatchBytes: Infinity });
    await batches.next();
    expect(state.pulled).toBe(2);
  });

  it('counts values, id and metadata bytes as the payload', () => {
    expect(payloadBytes(4, 'é1')).toBe(16 + 3);
    expect(payloadBytes(4, 'a', 10)).toBe(16 + 1 + 10);
  });
});
