import { payloadBytes } from './batch-records';
import { ByteReader } from './byte-reader';
import { firstNonFinite, littleEndianToHost, nonFiniteReason } from './float32-values';
import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';
import type { OpenImportStream, ResolvedImportOptions } from './import-read.options';
import type { SourcedRecord } from './sourced-record';

/**
 * The records of a TEXMEX `.fvecs` object: each an int32 little-endian dimension, then that many
 * float32 values. Every record of a collection's file has the same size, so a record's ordinal
 * (its id) is its offset divided by that size and resuming needs no other state.
 */
export async function* readFvecsRecords(open: OpenImportStream, options: ResolvedImportOptions): AsyncGenerator<SourcedRecord> {
  const { dimension, idPrefix, startOffset, startRecord } = options;
  const recordBytes = 4 + 4 * dimension;
  if (startOffset % recordBytes !== 0) {
    throw new RangeError(`fvecs startOffset ${startOffset} is not on a record boundary (records are ${recordBytes} bytes at dimension ${dimension})`);
  }
  const firstOrdinal = startOffset / recordBytes;
  if (startRecord !== undefined && startRecord !== firstOrdinal) {
    throw new RangeError(`fvecs startRecord ${startRecord} disagrees with startOffset ${startOffset}, which starts record ${firstOrdinal}`);
  }
  const reader = new ByteReader(await open(startOffset), startOffset);
  const header = new Uint8Array(4);
  const headerView = new DataView(header.buffer);
  try {
    for (let ordinal = firstOrdinal; ; ordinal++) {
      const start = reader.offset;
      const fail = (code: ImportFormatErrorCode, reason: string) =>
        new ImportFormatError(code, { format: 'fvecs', offset: start, record: ordinal, reason });
      const headerRead = await reader.read(header);
      if (headerRead === 0) return;
      if (headerRead < 4) throw fail(ImportFormatErrorCode.Truncated, `the file ends ${headerRead} bytes into the record's 4-byte dimension`);
      const declared = headerView.getInt32(0, true);
      if (declared !== dimension) {
        throw fail(ImportFormatErrorCode.DimensionMismatch, `the record declares dimension ${declared}, the collection's dimension is ${dimension}`);
      }
      const values = new Float32Array(dimension);
      const bytes = new Uint8Array(values.buffer);
      const valuesRead = await reader.read(bytes);
      if (valuesRead < bytes.length) {
        throw fail(ImportFormatErrorCode.Truncated, `the file ends ${4 + valuesRead} bytes into a ${recordBytes}-byte record`);
      }
      littleEndianToHost(bytes, 4);
      const bad = firstNonFinite(values);
      if (bad !== -1) throw fail(ImportFormatErrorCode.NonFiniteValue, nonFiniteReason(bad, values[bad]));
      const id = `${idPrefix}${ordinal}`;
      yield { record: { id, values }, ordinal, start, end: reader.offset, bytes: payloadBytes(dimension, id) };
    }
  } finally {
    await reader.close();
  }
}
