import { ImportFormatErrorCode } from './import-format.error';
import { MAX_JSONL_LINE_BYTES } from './jsonl-import.reader';
import { readImportBatches } from './read-import-batches';
import { byteSource } from './testing/byte-source';
import { collectBatches, expectFormatError, flatten } from './testing/import-expectations';

const options = { format: 'jsonl' as const, dimension: 2, batchSize: 2 };
const line = (id: string, values = [1, 2]) => JSON.stringify({ id, values });
const text = [line('ä'), '', line('b☃'), '  \r', line('c'), line('𝄞d')].join('\n');
const bytes = Buffer.from(text, 'utf8');
const startOf = (id: string) => Buffer.byteLength(text.slice(0, text.indexOf(`"${id}"`) - '{"id":'.length));

describe('jsonl import reader', () => {
  it('skips blank lines, counts byte offsets in UTF-8 and reads a last line without a newline', async () => {
    for (const chunking of ['whole', 'tiny'] as const) {
      const batches = await collectBatches(bytes, options, chunking);
      expect(flatten(batches).map((r) => r.id)).toEqual(['ä', 'b☃', 'c', '𝄞d']);
      expect(batches.map(({ startOffset, endOffset, firstRecord }) => ({ startOffset, endOffset, firstRecord }))).toEqual([
        // The first batch ends past the newline of its last record, before the blank line.
        { startOffset: 0, endOffset: startOf('c') - '  \r\n'.length, firstRecord: 0 },
        { startOffset: startOf('c'), endOffset: bytes.length, firstRecord: 2 },
      ]);
    }
  });

  it('reads CRLF files', async () => {
    const crlf = Buffer.from(`${line('a')}\r\n\r\n${line('b')}\r\n`);
    expect(flatten(await collectBatches(crlf, options)).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('names the byte offset of the bad line and counts records, not lines', async () => {
    const bad = Buffer.from([line('a'), '', line('b'), '{"id": "c", "values": [1]}', line('d')].join('\n'));
    const before = await expectFormatError(
      bad,
      { ...options, batchSize: 1 },
      {
        code: ImportFormatErrorCode.DimensionMismatch,
        offset: bad.indexOf('{"id": "c"'),
        record: 2,
        reason: "values has 1 numbers, the collection's dimension is 2",
      },
      'tiny',
    );
    expect(flatten(before).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('refuses a line that is not UTF-8', async () => {
    const broken = Buffer.concat([Buffer.from(`${line('a')}\n{"id": "`), Buffer.from([0xc3, 0x28]), Buffer.from('", "values": [1, 2]}\n')]);
    await expectFormatError(broken, options, {
      code: ImportFormatErrorCode.InvalidEncoding,
      offset: line('a').length + 1,
      record: 1,
      reason: 'the line is not valid UTF-8',
    });
  });

  it('refuses a line longer than MAX_JSONL_LINE_BYTES without buffering the rest', async () => {
    const long = Buffer.from(`${line('a')}\n{"id": "${'x'.repeat(MAX_JSONL_LINE_BYTES)}", "values": [1, 2]}\n`);
    await expectFormatError(long, options, {
      code: ImportFormatErrorCode.LineTooLong,
      offset: line('a').length + 1,
      record: 1,
      reason: `the line is longer than ${MAX_JSONL_LINE_BYTES} bytes`,
    });
  });

  it('resumes after a batch, after blank lines, and at the end of an unterminated last line', async () => {
    const [first, second] = await collectBatches(bytes, options);
    const rest = await collectBatches(bytes, { ...options, startOffset: first.endOffset, startRecord: 2 }, 'tiny');
    expect(rest).toEqual([second]);
    expect(await collectBatches(bytes, { ...options, startOffset: second.endOffset, startRecord: 4 })).toEqual([]);
  });

  it('refuses a resume point inside a line, or with a missing or wrong record number', async () => {
    const { open } = byteSource(bytes);
    await expect(readImportBatches(open, { ...options, startOffset: 3, startRecord: 1 }).next()).rejects.toThrow(
      new RangeError('jsonl startOffset 3 is not the start of a line'),
    );
    await expect(readImportBatches(open, { ...options, startOffset: startOf('c') }).next()).rejects.toThrow(
      'jsonl needs startRecord with a startOffset: only reading the lines before it could count them',
    );
    await expect(readImportBatches(open, { ...options, startRecord: 2 }).next()).rejects.toThrow(
      'jsonl startRecord 2 disagrees with startOffset 0, which starts record 0',
    );
  });
});
