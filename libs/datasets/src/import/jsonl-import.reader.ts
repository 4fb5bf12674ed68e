import { ByteReader } from './byte-reader';
import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';
import type { OpenImportStream, ResolvedImportOptions } from './import-read.options';
import { parseJsonlRecord } from './jsonl-record.parser';
import type { SourcedRecord } from './sourced-record';

/**
 * Longest line read. A valid record is far shorter (512-character id, 4096 numbers, 16 KiB of
 * metadata: about 150 KB even spelled out at length); the bound keeps a file without newlines
 * from filling memory.
 */
export const MAX_JSONL_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
/** JSON's own whitespace, so a CRLF file's empty lines are blank too. */
const BLANK = /^[ \t\r]*$/;
// fatal: a line that is not UTF-8 is an error, not a record with U+FFFD in its id.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The records of a JSON-lines object, one `{"id", "values", "metadata"?}` object per line; blank
 * lines are skipped and a last line without a newline is still a record. Offsets are the byte
 * offsets of line starts, and a record's end is just past its newline.
 */
export async function* readJsonlRecords(open: OpenImportStream, options: ResolvedImportOptions): AsyncGenerator<SourcedRecord> {
  const { dimension, idPrefix, startOffset, startRecord } = options;
  if (startOffset > 0 && startRecord === undefined) {
    throw new RangeError('jsonl needs startRecord with a startOffset: only reading the lines before it could count them');
  }
  if (startOffset === 0 && (startRecord ?? 0) !== 0) throw new RangeError(`jsonl startRecord ${startRecord} disagrees with startOffset 0, which starts record 0`);
  // Opening one byte early lets the reader check that the resume point follows a newline.
  const openAt = startOffset === 0 ? 0 : startOffset - 1;
  const reader = new ByteReader(await open(openAt), openAt);
  try {
    if (startOffset > 0) await skipLineEnd(reader, startOffset);
    for (let record = startRecord ?? 0; ; ) {
      const offset = reader.offset;
      const line = await reader.readLine(MAX_JSONL_LINE_BYTES);
      if (line === null) return;
      const fail = (code: ImportFormatErrorCode, reason: string) => new ImportFormatError(code, { format: 'jsonl', offset, record, reason });
      if (line.length > MAX_JSONL_LINE_BYTES) throw fail(ImportFormatErrorCode.LineTooLong, `the line is longer than ${MAX_JSONL_LINE_BYTES} bytes`);
      let text: string;
      try {
        text = utf8.decode(line);
      } catch {
        throw fail(ImportFormatErrorCode.InvalidEncoding, 'the line is not valid UTF-8');
      }
      if (BLANK.test(text)) continue;
      const parsed = parseJsonlRecord(text, { offset, record }, dimension, idPrefix);
      yield { record: parsed.record, ordinal: record, start: offset, end: reader.offset, bytes: parsed.bytes };
      record++;
    }
  } finally {
    await reader.close();
  }
}

/** Consumes the byte before `startOffset`, which must end a line (or the object, after an unterminated last line). */
async function skipLineEnd(reader: ByteReader, startOffset: number): Promise<void> {
  const before = new Uint8Array(1);
  const got = await reader.read(before);
  if (got === 1 && (before[0] === NEWLINE || (await reader.atEnd()))) return;
  throw new RangeError(`jsonl startOffset ${startOffset} is not the start of a line`);
}
