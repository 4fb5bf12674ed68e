import { payloadBytes } from './batch-records';
import { ByteReader } from './byte-reader';
import { firstNonFinite, littleEndianToHost, nonFiniteReason } from './float32-values';
import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';
import type { OpenImportStream, ResolvedImportOptions } from './import-read.options';
import { readNpyHeader } from './npy-header';
import type { SourcedRecord } from './sourced-record';

/**
 * The rows of an `.npy` object holding an (n, dimension) `<f4` or `<f8` array, as records with ids
 * `idPrefix + row`. A resume reads the header from byte 0, then opens the object again at
 * `startOffset`, which must lie on a row boundary of the data.
 */
export async function* readNpyRecords(open: OpenImportStream, options: ResolvedImportOptions): AsyncGenerator<SourcedRecord> {
  const { dimension, idPrefix, startOffset, startRecord } = options;
  let reader = new ByteReader(await open(0), 0);
  try {
    const { dataStart, rows, itemBytes } = await readNpyHeader(reader, dimension);
    const rowBytes = itemBytes * dimension;
    const dataEnd = dataStart + rows * rowBytes;
    const start = startOffset === 0 ? dataStart : startOffset;
    if (start < dataStart || start > dataEnd || (start - dataStart) % rowBytes !== 0) {
      throw new RangeError(
        `npy startOffset ${startOffset} is not on a row boundary of the data (rows of ${rowBytes} bytes from byte ${dataStart} to ${dataEnd})`,
      );
    }
    const firstRow = (start - dataStart) / rowBytes;
    if (startRecord !== undefined && startRecord !== firstRow) {
      throw new RangeError(`npy startRecord ${startRecord} disagrees with startOffset ${startOffset}, which starts row ${firstRow}`);
    }
    if (start !== reader.offset) {
      await reader.close();
      reader = new ByteReader(await open(start), start);
    }

    const wide = itemBytes === 8 ? new Float64Array(dimension) : undefined;
    for (let row = firstRow; row < rows; row++) {
      const rowStart = reader.offset;
      const fail = (code: ImportFormatErrorCode, offset: number, reason: string) =>
        new ImportFormatError(code, { format: 'npy', offset, record: row, reason });
      const values = new Float32Array(dimension);
      const bytes = new Uint8Array((wide ?? values).buffer);
      const got = await reader.read(bytes);
      if (got < rowBytes) {
        const where = got === 0 ? `before row ${row}` : `${got} bytes into row ${row} (rows are ${rowBytes} bytes)`;
        throw fail(ImportFormatErrorCode.Truncated, reader.offset, `the data ends ${where}, but the shape declares ${rows} rows`);
      }
      littleEndianToHost(bytes, itemBytes);
      // Assigning narrows float64 to float32: values beyond its range become ±Infinity and are caught below.
      if (wide !== undefined) values.set(wide);
      const bad = firstNonFinite(values);
      if (bad !== -1) throw fail(ImportFormatErrorCode.NonFiniteValue, rowStart, nonFiniteReason(bad, (wide ?? values)[bad]));
      // The last row is yielded only once the file is known to end with it.
      if (row === rows - 1) await assertEnd(reader, dataEnd, rows);
      const id = `${idPrefix}${row}`;
      yield { record: { id, values }, ordinal: row, start: rowStart, end: reader.offset, bytes: payloadBytes(dimension, id) };
    }
    if (firstRow === rows) await assertEnd(reader, dataEnd, rows);
  } finally {
    await reader.close();
  }
}

async function assertEnd(reader: ByteReader, dataEnd: number, rows: number): Promise<void> {
  if (!(await reader.atEnd())) {
    throw new ImportFormatError(ImportFormatErrorCode.TrailingData, {
      format: 'npy',
      offset: dataEnd,
      reason: `the file goes on after the ${rows} rows its shape declares`,
    });
  }
}
