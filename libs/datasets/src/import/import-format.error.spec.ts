import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';

describe('ImportFormatError', () => {
  it('names the format, the byte offset, the record when there is one, and the reason', () => {
    const inRecord = new ImportFormatError(ImportFormatErrorCode.Truncated, { format: 'fvecs', offset: 1032, record: 3, reason: 'cut' });
    expect(inRecord.message).toBe('fvecs at byte 1032 (record 3): cut');
    expect(inRecord).toMatchObject({ name: 'ImportFormatError', code: 'TRUNCATED', format: 'fvecs', offset: 1032, record: 3, reason: 'cut' });
    const inHeader = new ImportFormatError(ImportFormatErrorCode.BadMagic, { format: 'npy', offset: 0, reason: 'not npy' });
    expect(inHeader.message).toBe('npy at byte 0: not npy');
    expect(inHeader.record).toBeUndefined();
  });
});
