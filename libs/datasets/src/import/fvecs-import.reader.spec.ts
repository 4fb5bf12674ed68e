import { ImportFormatErrorCode } from './import-format.error';
import { encodeFvecs } from './import.encoders';
import { collectBatches, expectFormatError, flatten } from './testing/import-expectations';
import { byteSource } from './testing/byte-source';
import { readImportBatches } from './read-import-batches';

const d = 3;
const recordBytes = 4 + 4 * d;
const fvecs = (rows: number) => encodeFvecs(Float32Array.from({ length: rows * d }, (_, i) => i / 2), d);
const options = { format: 'fvecs' as const, dimension: d, batchSize: 4 };

describe('fvecs import reader', () => {
  it('names records by ordinal after the prefix and reads an empty file as no batches', async () => {
    const batches = await collectBatches(fvecs(2), { ...options, idPrefix: 'sift-' });
    expect(flatten(batches)).toEqual([
      { id: 'sift-0', values: [0, 0.5, 1] },
      { id: 'sift-1', values: [1.5, 2, 2.5] },
    ]);
    expect(await collectBatches(Buffer.alloc(0), options)).toEqual([]);
  });

  it('refuses a record whose dimension differs, naming both, after yielding only whole earlier batches', async () => {
    const bytes = fvecs(10);
    bytes.writeInt32LE(4, 5 * recordBytes);
    for (const chunking of ['whole', 'tiny'] as const) {
      const before = await expectFormatError(
        bytes,
        options,
        {
          code: ImportFormatErrorCode.DimensionMismatch,
          offset: 5 * recordBytes,
          record: 5,
          reason: "the record declares dimension 4, the collection's dimension is 3",
        },
        chunking,
      );
      expect(before.map((b) => b.firstRecord)).toEqual([0]);
    }
  });

  it('refuses a truncated last record at its offset, inside its values or its dimension', async () => {
    const cut = fvecs(3).subarray(0, 3 * recordBytes - 5);
    await expectFormatError(cut, options, {
      code: ImportFormatErrorCode.Truncated,
      offset: 2 * recordBytes,
      record: 2,
      reason: 'the file ends 11 bytes into a 16-byte record',
    });
    const overlong = Buffer.concat([fvecs(3), Buffer.from([3, 0])]);
    await expectFormatError(
      overlong,
      options,
      { code: ImportFormatErrorCode.Truncated, offset: 3 * recordBytes, record: 3, reason: "the file ends 2 bytes into the record's 4-byte dimension" },
      'tiny',
    );
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('refuses %p values with the record offset and the value index', async (value, shown) => {
    const bytes = fvecs(6);
    bytes.writeFloatLE(value, 4 * recordBytes + 4 + 4 * 2);
    await expectFormatError(
      bytes,
      options,
      { code: ImportFormatErrorCode.NonFiniteValue, offset: 4 * recordBytes, record: 4, reason: `values[2] is ${shown}, which is not a finite float32` },
      'tiny',
    );
  });

  it('refuses a resume point off a record boundary, or a startRecord that disagrees with it', async () => {
    const { open } = byteSource(fvecs(4));
    await expect(readImportBatches(open, { ...options, startOffset: 20 }).next()).rejects.toThrow(
      new RangeError('fvecs startOffset 20 is not on a record boundary (records are 16 bytes at dimension 3)'),
    );
    await expect(readImportBatches(open, { ...options, startOffset: 32, startRecord: 1 }).next()).rejects.toThrow(
      'fvecs startRecord 1 disagrees with startOffset 32, which starts record 2',
    );
    const resumed = await collectBatches(fvecs(4), { ...options, startOffset: 32 });
    expect(resumed.map((b) => [b.firstRecord, b.startOffset, b.records[0].id])).toEqual([[2, 32, '2']]);
  });
});
