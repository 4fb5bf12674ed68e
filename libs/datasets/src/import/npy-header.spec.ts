import { ByteReader } from './byte-reader';
import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';
import { readNpyHeader } from './npy-header';
import { byteSource } from './testing/byte-source';
import { NUMPY_F4 } from './testing/numpy-fixtures';

/** An npy preamble and header of the given version around `dict` (unpadded: readers must not need padding). */
function npyHeader(major: number, dict: string, encoding: 'latin1' | 'utf8' = 'latin1'): Buffer {
  const header = Buffer.from(`${dict}\n`, encoding);
  const length = Buffer.alloc(major === 1 ? 2 : 4);
  if (major === 1) length.writeUInt16LE(header.length);
  else length.writeUInt32LE(header.length);
  return Buffer.concat([Buffer.from(`\x93NUMPY${String.fromCharCode(major)}\x00`, 'latin1'), length, header]);
}

const F4_2x3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

async function header(bytes: Uint8Array, dimension = 3) {
  return readNpyHeader(new ByteReader(await byteSource(bytes, 'tiny').open(0), 0), dimension);
}

async function headerError(bytes: Uint8Array, dimension = 3): Promise<ImportFormatError> {
  const error = await header(bytes, dimension).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportFormatError);
  return error as ImportFormatError;
}

describe('readNpyHeader', () => {
  it("reads numpy's own output", async () => {
    expect(await header(NUMPY_F4)).toEqual({ dataStart: 128, rows: 2, itemBytes: 4 });
  });

  it('reads versions 2.0 and 3.0 (UTF-8), double quotes, lists, any whitespace and key order', async () => {
    expect(await header(npyHeader(2, F4_2x3))).toEqual({ dataStart: 12 + F4_2x3.length + 1, rows: 2, itemBytes: 4 });
    const v3 = npyHeader(3, '{ "shape" : [7,3],\n"fortran_order":False , "descr":"<f8"}', 'utf8');
    expect(await header(v3)).toEqual({ dataStart: v3.length, rows: 7, itemBytes: 8 });
  });

  it.each([
    ['not npy', Buffer.from('PK\x03\x04 zip'), ImportFormatErrorCode.BadMagic, 0, 'the file does not start with \\x93NUMPY: it is not an npy file'],
    ['empty', Buffer.alloc(0), ImportFormatErrorCode.Truncated, 0, 'the file ends inside the 8-byte npy preamble'],
    ['a short preamble', Buffer.from('\x93NUMP', 'latin1'), ImportFormatErrorCode.Truncated, 5, 'the file ends inside the 8-byte npy preamble'],
    ['version 4.0', Buffer.from('\x93NUMPY\x04\x00\x10\x00', 'latin1'), ImportFormatErrorCode.InvalidHeader, 6, 'npy version 4.0 is not supported (1.0, 2.0 and 3.0 are)'],
    ['a cut length', Buffer.from('\x93NUMPY\x02\x00\x10\x00', 'latin1'), ImportFormatErrorCode.Truncated, 10, 'the file ends inside the 4-byte header length'],
    ['a huge header', Buffer.from('\x93NUMPY\x02\x00\x01\x00\x01\x00', 'latin1'), ImportFormatErrorCode.InvalidHeader, 8, 'the header length 65537 is over the limit of 65536 bytes'],
    ['a cut header', npyHeader(1, F4_2x3).subarray(0, 40), ImportFormatErrorCode.Truncated, 40, 'the file ends inside the 60-byte header that starts at byte 10'],
  ])('refuses %s', async (_case, bytes, code, offset, reason) => {
    expect(await headerError(bytes)).toMatchObject({ code, offset, reason, record: undefined });
  });

  it('names the byte of a syntax error, counting UTF-8 bytes in version 3.0', async () => {
    const missingComma = "{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}";
    expect(await headerError(npyHeader(1, missingComma))).toMatchObject({
      code: ImportFormatErrorCode.InvalidHeader,
      offset: 10 + missingComma.indexOf("'fortran_order'"),
      reason: "header: expected '}', found '''",
    });
    const utf8 = "{'ü': 1 2}";
    expect(await headerError(npyHeader(3, utf8, 'utf8'))).toMatchObject({ offset: 12 + Buffer.byteLength("{'ü': 1 "), reason: "header: expected '}', found '2'" });
  });

  it('never evaluates the header', async () => {
    const hostile = "{'descr': __import__('os').system('touch /tmp/pwned'), 'fortran_order': False, 'shape': (2, 3)}";
    expect(await headerError(npyHeader(1, hostile))).toMatchObject({ offset: 10 + hostile.indexOf('__import__'), reason: 'header: unexpected name __import__' });
  });

  it.each([
    ["{'descr': '<f4', 'shape': (2, 3)}", ImportFormatErrorCode.InvalidHeader, "header: missing key 'fortran_order'"],
    [
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}",
      ImportFormatErrorCode.InvalidHeader,
      "header: unexpected key 'extra' (expected exactly 'descr', 'fortran_order' and 'shape')",
    ],
    ["{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3)}", ImportFormatErrorCode.UnsupportedLayout, "header: descr is '>f4'; Shoal reads little-endian float32 ('<f4') or float64 ('<f8')"],
    ["{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2, 3)}", ImportFormatErrorCode.UnsupportedLayout, /^header: descr is \(\('x', '<f4'\),\);/],
    ["{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3)}", ImportFormatErrorCode.UnsupportedLayout, 'header: fortran_order is True; Shoal reads row-major (C order) arrays'],
    ["{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}", ImportFormatErrorCode.InvalidHeader, 'header: fortran_order is 0, not True or False'],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", ImportFormatErrorCode.UnsupportedLayout, 'header: shape (6,) is not 2-D (rows, dimension)'],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}", ImportFormatErrorCode.InvalidHeader, 'header: shape is (2, -3), not a tuple of non-negative integers'],
    ["{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4)}", ImportFormatErrorCode.DimensionMismatch, "header: shape (2, 4) has dimension 4, the collection's dimension is 3"],
  ])('checks the layout: %s', async (dict, code, reason) => {
    const error = await headerError(npyHeader(1, dict));
    expect(error).toMatchObject({ code, offset: 10 });
    expect(error.reason).toMatch(reason);
  });
});
