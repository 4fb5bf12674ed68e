import { crc32 } from 'node:zlib';
import { ApiError, ApiErrorCode } from './api-error';

/**
 * Shoal's binary frame: a small JSON header plus raw little-endian float32s, so vectors never travel
 * as JSON number arrays between processes or in the log.
 *
 *   magic (4 ASCII bytes) | version u8 = 1 | 3 reserved bytes | headerLen u32 | payloadLen u32 |
 *   crc32(header ‖ payload) u32 | header (UTF-8 JSON) | padding to 4 bytes | payload (float32 LE)
 */
const PREFIX = 20;
const VERSION = 1;

function corrupt(message: string): ApiError {
  return new ApiError(ApiErrorCode.InvalidArgument, `binary frame: ${message}`);
}

export function encodeFrame(magic: string, header: object, payload: Float32Array = new Float32Array(0)): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = (json.length + 3) & ~3;
  const body = Buffer.alloc(PREFIX + padded + payload.byteLength);
  body.write(magic, 0, 4, 'ascii');
  body.writeUInt8(VERSION, 4);
  body.writeUInt32LE(json.length, 8);
  body.writeUInt32LE(payload.byteLength, 12);
  json.copy(body, PREFIX);
  Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).copy(body, PREFIX + padded);
  body.writeUInt32LE(crc32(body.subarray(PREFIX)), 16);
  return body;
}

export function decodeFrame<H>(magic: string, bytes: Uint8Array): { header: H; payload: Float32Array } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < PREFIX || buf.toString('ascii', 0, 4) !== magic) throw corrupt(`expected magic ${magic}`);
  if (buf.readUInt8(4) !== VERSION) throw corrupt(`unsupported version ${buf.readUInt8(4)}`);
  const headerLen = buf.readUInt32LE(8);
  const payloadLen = buf.readUInt32LE(12);
  const padded = (headerLen + 3) & ~3;
  if (payloadLen % 4 !== 0 || buf.length !== PREFIX + padded + payloadLen) throw corrupt('length mismatch (truncated?)');
  if (crc32(buf.subarray(PREFIX)) !== buf.readUInt32LE(16)) throw corrupt('checksum mismatch');
  let header: H;
  try {
    header = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + headerLen)) as H;
  } catch {
    throw corrupt('header is not valid JSON');
  }
  // Copy into an aligned buffer: the payload's offset inside a pooled Buffer may not be 4-aligned.
  const payload = new Float32Array(payloadLen / 4);
  new Uint8Array(payload.buffer).set(buf.subarray(PREFIX + padded));
  return { header, payload };
}
