import { ImportFormatErrorCode } from './import-format.error';
import { encodeNpy } from './import.encoders';
import { readImportBatches } from './read-import-batches';
import { byteSource } from './testing/byte-source';
import { collectBatches, expectFormatError, flatten } from './testing/import-expectations';
import { NUMPY_F4, NUMPY_F8, NUMPY_VALUES } from './testing/numpy-fixtures';

const d = 3;
const n = 10;
const data = Float32Array.from({ length: n * d }, (_, i) => i - 0.5);
const f4 = encodeNpy(data, n, d);
const dataStart = f4.length - data.byteLength;
const options = { format: 'npy' as const, dimension: d, batchSize: 4 };

describe('npy import reader', () => {
  it("reads numpy's <f4 and <f8 files, narrowing float64 to float32", async () => {
    const expected = [
      { id: 'r0', values: [...Float32Array.from(NUMPY_VALUES.slice(0, 3))] },
      { id: 'r1', values: [...Float32Array.from(NUMPY_VALUES.slice(3))] },
    ];
    for (const file of [NUMPY_F4, NUMPY_F8]) {
      const batches = await collectBatches(file, { ...options, idPrefix: 'r' }, 'tiny');
      expect(flatten(batches)).toEqual(expected);
      expect(batches[0]).toMatchObject({ startOffset: 128, endOffset: file.length, firstRecord: 0 });
    }
  });

  it('reads an array of zero rows as no batches', async () => {
    expect(await collectBatches(encodeNpy(new Float32Array(0), 0, d), options)).toEqual([]);
  });

  it('refuses data shorter than the shape at the byte where it ends', async () => {
    await expectFormatError(f4.subarray(0, f4.length - 5), options, {
      code: ImportFormatErrorCode.Truncated,
      offset: f4.length - 5,
      record: 9,
      reason: 'the data ends 7 bytes into row 9 (rows are 12 bytes), but the shape declares 10 rows',
    });
    await expectFormatError(f4.subarray(0, f4.length - 24), options, {
      code: ImportFormatErrorCode.Truncated,
      offset: f4.length - 24,
      record: 8,
      reason: 'the data ends before row 8, but the shape declares 10 rows',
    });
  });

  it('refuses data longer than the shape before yielding the last batch', async () => {
    const before = await expectFormatError(Buffer.concat([f4, Buffer.from([0])]), options, {
      code: ImportFormatErrorCode.TrailingData,
      offset: f4.length,
      reason: 'the file goes on after the 10 rows its shape declares',
    });
    expect(before.map((b) => b.firstRecord)).toEqual([0, 4]);
    const empty = encodeNpy(new Float32Array(0), 0, d);
    await expectFormatError(Buffer.concat([empty, Buffer.from('x')]), options, {
      code: ImportFormatErrorCode.TrailingData,
      offset: empty.length,
      reason: 'the file goes on after the 0 rows its shape declares',
    });
  });

  it('refuses non-finite values, and float64 values beyond the float32 range', async () => {
    const nan = Buffer.from(f4);
    nan.writeFloatLE(Number.NaN, dataStart + 6 * 12 + 4);
    await expectFormatError(nan, options, {
      code: ImportFormatErrorCode.NonFiniteValue,
      offset: dataStart + 6 * 12,
      record: 6,
      reason: 'values[1] is NaN, which is not a finite float32',
    });
    const wide = Float64Array.from(data);
    wide[2 * d + 2] = 1e39;
    const f8 = encodeNpy(wide, n, d);
    await expectFormatError(
      f8,
      options,
      { code: ImportFormatErrorCode.NonFiniteValue, offset: f8.length - wide.byteLength + 2 * 24, record: 2, reason: 'values[2] is 1e+39, which is not a finite float32' },
      'tiny',
    );
  });

  it('resumes by reading the header, then opening the data at the offset', async () => {
    const all = await collectBatches(f4, options);
    const source = byteSource(f4, 'tiny');
    const rest = [];
    for await (const batch of readImportBatches(source.open, { ...options, startOffset: all[0].endOffset, startRecord: 4 })) rest.push(batch);
    expect(flatten(rest)).toEqual(flatten(all.slice(1)));
    expect(source.opens).toEqual([0, all[0].endOffset]);

    const fromDataStart = byteSource(f4);
    expect(flatten(await collectBatches(f4, { ...options, startOffset: dataStart }))).toEqual(flatten(all));
    await readImportBatches(fromDataStart.open, { ...options, startOffset: dataStart }).next();
    expect(fromDataStart.opens).toEqual([0]);
  });

  it.each([
    [5, `npy startOffset 5 is not on a row boundary of the data (rows of 12 bytes from byte ${dataStart} to ${dataStart + 120})`],
    [dataStart + 13, /not on a row boundary/],
    [dataStart + 132, /not on a row boundary/],
  ])('refuses the resume point %p', async (startOffset, message) => {
    const error = await readImportBatches(byteSource(f4).open, { ...options, startOffset, startRecord: 0 })
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a startRecord that disagrees with the resume point', async () => {
    await expect(readImportBatches(byteSource(f4).open, { ...options, startOffset: dataStart + 24, startRecord: 3 }).next()).rejects.toThrow(
      `npy startRecord 3 disagrees with startOffset ${dataStart + 24}, which starts row 2`,
    );
  });
});
