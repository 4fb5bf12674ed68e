import { LIMITS } from '@shoal/contracts';
import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';
import { parseJsonlRecord } from './jsonl-record.parser';

const at = { offset: 120, record: 7 };
const parse = (line: unknown, idPrefix = '') => parseJsonlRecord(typeof line === 'string' ? line : JSON.stringify(line), at, 3, idPrefix);

function rejection(line: unknown, idPrefix = ''): ImportFormatError {
  try {
    parse(line, idPrefix);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFormatError);
    expect(error).toMatchObject({ format: 'jsonl', offset: 120, record: 7 });
    return error as ImportFormatError;
  }
  throw new Error(`expected ${JSON.stringify(line)} to be refused`);
}

describe('parseJsonlRecord', () => {
  it('returns the record with the prefixed id and its payload bytes', () => {
    expect(parse({ id: 'a', values: [1, 2.5, -3] }, 'imp/')).toEqual({ record: { id: 'imp/a', values: Float32Array.from([1, 2.5, -3]) }, bytes: 12 + 5 });
    const metadata = { tag: 'é', n: [1, { deep: null }] };
    expect(parse({ metadata, values: [0, 0, 0], id: 'é' })).toEqual({
      record: { id: 'é', values: new Float32Array(3), metadata },
      bytes: 12 + 2 + Buffer.byteLength(JSON.stringify(metadata)),
    });
  });

  it.each([
    ['{"id": "a", "values": [1, 2, 3]', ImportFormatErrorCode.InvalidJson, /^invalid JSON: /],
    ['[1, 2, 3]', ImportFormatErrorCode.InvalidRecord, 'the line is an array, not a JSON object'],
    ['null', ImportFormatErrorCode.InvalidRecord, 'the line is null, not a JSON object'],
    ['"text"', ImportFormatErrorCode.InvalidRecord, 'the line is string "text", not a JSON object'],
    [{ id: 'a', values: [1, 2, 3], vector: [] }, ImportFormatErrorCode.UnknownField, 'unknown field "vector" (a record has id, values and optionally metadata)'],
    [{ values: [1, 2, 3] }, ImportFormatErrorCode.InvalidId, 'missing id'],
    [{ id: 7, values: [1, 2, 3] }, ImportFormatErrorCode.InvalidId, 'id is number 7, not a string'],
    [{ id: '', values: [1, 2, 3] }, ImportFormatErrorCode.InvalidId, 'id is empty'],
    [{ id: 'x'.repeat(LIMITS.maxIdLength + 1), values: [1, 2, 3] }, ImportFormatErrorCode.InvalidId, 'id is 513 characters, over the limit of 512'],
    [{ id: 'a' }, ImportFormatErrorCode.InvalidValues, 'missing values'],
    [{ id: 'a', values: { 0: 1 } }, ImportFormatErrorCode.InvalidValues, 'values is an object, not an array of numbers'],
    [{ id: 'a', values: [1, 2] }, ImportFormatErrorCode.DimensionMismatch, "values has 2 numbers, the collection's dimension is 3"],
    [{ id: 'a', values: [1, '2', 3] }, ImportFormatErrorCode.InvalidValues, 'values[1] is "2", not a number'],
    [{ id: 'a', values: [1, 2, null] }, ImportFormatErrorCode.InvalidValues, 'values[2] is null, not a number'],
    [{ id: 'a', values: [1, 1e39, 3] }, ImportFormatErrorCode.NonFiniteValue, 'values[1] is 1e+39, which is not a finite float32'],
    ['{"id": "a", "values": [1e400, 2, 3]}', ImportFormatErrorCode.NonFiniteValue, 'values[0] is Infinity, which is not a finite float32'],
    [{ id: 'a', values: [1, 2, 3], metadata: [1] }, ImportFormatErrorCode.InvalidMetadata, 'metadata is an array, not a JSON object'],
    [{ id: 'a', values: [1, 2, 3], metadata: null }, ImportFormatErrorCode.InvalidMetadata, 'metadata is null, not a JSON object'],
    [{ id: 'a', values: [1, 2, 3], metadata: 'x'.repeat(50) }, ImportFormatErrorCode.InvalidMetadata, `metadata is string "${'x'.repeat(39)}…, not a JSON object`],
    [
      { id: 'a', values: [1, 2, 3], metadata: { s: 'é'.repeat(LIMITS.maxMetadataBytes / 2) } },
      ImportFormatErrorCode.InvalidMetadata,
      `metadata is ${LIMITS.maxMetadataBytes + 8} bytes of JSON, over the limit of ${LIMITS.maxMetadataBytes}`,
    ],
  ])('refuses %j', (line, code, reason) => {
    const error = rejection(line);
    expect(error.code).toBe(code);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`jsonl at byte 120 (record 7): ${error.reason}`);
  });

  it('counts the id limit in code points, as the API does, and includes the prefix', () => {
    const astral = '𝄞'.repeat(LIMITS.maxIdLength);
    expect(parse({ id: astral, values: [1, 2, 3] }).record.id).toBe(astral);
    expect(rejection({ id: 'x'.repeat(LIMITS.maxIdLength - 2), values: [1, 2, 3] }, 'abc').reason).toBe(
      'id is 513 characters with the idPrefix, over the limit of 512',
    );
  });
});
