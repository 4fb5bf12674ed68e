import type { ByteReader } from './byte-reader';
import { ImportFormatError, ImportFormatErrorCode } from './import-format.error';
import { formatPy, parsePyDict, type PyLiteral } from './py-literal.parser';

// The .npy format (numpy.lib.format): the magic \x93NUMPY, a major and a minor version byte, the
// header length (uint16 LE in 1.0, uint32 LE in 2.0 and 3.0), then the header: a Python dict
// literal (latin-1; UTF-8 in 3.0) padded with spaces and a newline. The row-major data follows.

const MAGIC = Buffer.from('\x93NUMPY', 'latin1');
/** Well above anything numpy writes (it refuses headers over 10,000 bytes by default), and bounds memory. */
const MAX_HEADER_BYTES = 65_536;
const HEADER_KEYS = ['descr', 'fortran_order', 'shape'];
/** Item size of each accepted dtype: float32, and float64 narrowed to float32 on read. */
const ITEM_BYTES: ReadonlyMap<PyLiteral, 4 | 8> = new Map([
  ['<f4', 4],
  ['<f8', 8],
]);

/** Where an npy object's rows are and how to decode them. */
export interface NpyLayout {
  /** Byte offset of the first row. */
  dataStart: number;
  rows: number;
  /** Bytes per value: 4 (`<f4`) or 8 (`<f8`). */
  itemBytes: 4 | 8;
}

/** Reads and checks the header from a reader at byte 0; on return the reader is at `dataStart`. */
export async function readNpyHeader(reader: ByteReader, dimension: number): Promise<NpyLayout> {
  const fail = (code: ImportFormatErrorCode, offset: number, reason: string) => new ImportFormatError(code, { format: 'npy', offset, reason });
  const preamble = new Uint8Array(8);
  const got = await reader.read(preamble);
  const magic = MAGIC.subarray(0, got);
  if (!magic.equals(preamble.subarray(0, magic.length))) {
    throw fail(ImportFormatErrorCode.BadMagic, 0, 'the file does not start with \\x93NUMPY: it is not an npy file');
  }
  if (got < preamble.length) throw fail(ImportFormatErrorCode.Truncated, got, 'the file ends inside the 8-byte npy preamble');
  const [major, minor] = preamble.subarray(6);
  if (!(major >= 1 && major <= 3 && minor === 0)) {
    throw fail(ImportFormatErrorCode.InvalidHeader, 6, `npy version ${major}.${minor} is not supported (1.0, 2.0 and 3.0 are)`);
  }

  const lengthField = new Uint8Array(major === 1 ? 2 : 4);
  if ((await reader.read(lengthField)) < lengthField.length) {
    throw fail(ImportFormatErrorCode.Truncated, reader.offset, `the file ends inside the ${lengthField.length}-byte header length`);
  }
  const view = new DataView(lengthField.buffer);
  const headerBytes = major === 1 ? view.getUint16(0, true) : view.getUint32(0, true);
  const headerStart = reader.offset;
  if (headerBytes > MAX_HEADER_BYTES) {
    throw fail(ImportFormatErrorCode.InvalidHeader, 8, `the header length ${headerBytes} is over the limit of ${MAX_HEADER_BYTES} bytes`);
  }
  const header = Buffer.alloc(headerBytes);
  if ((await reader.read(header)) < headerBytes) {
    throw fail(ImportFormatErrorCode.Truncated, reader.offset, `the file ends inside the ${headerBytes}-byte header that starts at byte ${headerStart}`);
  }

  const encoding = major === 3 ? 'utf8' : 'latin1';
  const text = header.toString(encoding);
  const dict = parsePyDict(text, (index, reason) => {
    throw fail(ImportFormatErrorCode.InvalidHeader, headerStart + Buffer.byteLength(text.slice(0, index), encoding), `header: ${reason}`);
  });
  const layoutError = (code: ImportFormatErrorCode, reason: string) => fail(code, headerStart, `header: ${reason}`);
  for (const key of HEADER_KEYS) if (!dict.has(key)) throw layoutError(ImportFormatErrorCode.InvalidHeader, `missing key '${key}'`);
  for (const key of dict.keys()) {
    if (!HEADER_KEYS.includes(key)) throw layoutError(ImportFormatErrorCode.InvalidHeader, `unexpected key '${key}' (expected exactly 'descr', 'fortran_order' and 'shape')`);
  }

  const descr = dict.get('descr') as PyLiteral;
  const itemBytes = ITEM_BYTES.get(descr);
  if (itemBytes === undefined) {
    throw layoutError(ImportFormatErrorCode.UnsupportedLayout, `descr is ${formatPy(descr)}; Shoal reads little-endian float32 ('<f4') or float64 ('<f8')`);
  }
  const fortranOrder = dict.get('fortran_order') as PyLiteral;
  if (typeof fortranOrder !== 'boolean') throw layoutError(ImportFormatErrorCode.InvalidHeader, `fortran_order is ${formatPy(fortranOrder)}, not True or False`);
  if (fortranOrder) throw layoutError(ImportFormatErrorCode.UnsupportedLayout, 'fortran_order is True; Shoal reads row-major (C order) arrays');

  const shape = dict.get('shape') as PyLiteral;
  if (!Array.isArray(shape) || !shape.every((size) => typeof size === 'number' && size >= 0)) {
    throw layoutError(ImportFormatErrorCode.InvalidHeader, `shape is ${formatPy(shape)}, not a tuple of non-negative integers`);
  }
  if (shape.length !== 2) throw layoutError(ImportFormatErrorCode.UnsupportedLayout, `shape ${formatPy(shape)} is not 2-D (rows, dimension)`);
  const [rows, columns] = shape as number[];
  if (columns !== dimension) {
    throw layoutError(ImportFormatErrorCode.DimensionMismatch, `shape ${formatPy(shape)} has dimension ${columns}, the collection's dimension is ${dimension}`);
  }
  return { dataStart: reader.offset, rows, itemBytes };
}
