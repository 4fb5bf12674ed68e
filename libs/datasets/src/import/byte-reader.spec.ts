import { Readable } from 'node:stream';
import { ByteReader } from './byte-reader';
import { byteSource } from './testing/byte-source';

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString('utf8'));

describe('ByteReader', () => {
  it('reads exact pieces across tiny chunks and tracks the absolute offset', async () => {
    const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    const reader = new ByteReader(await byteSource(bytes.subarray(10), 'tiny').open(0), 10);
    const piece = new Uint8Array(13);
    expect(await reader.read(piece)).toBe(13);
    expect([...piece]).toEqual([...bytes.subarray(10, 23)]);
    expect(reader.offset).toBe(23);
    const rest = new Uint8Array(100);
    expect(await reader.read(rest)).toBe(77);
    expect(reader.offset).toBe(100);
    expect(await reader.atEnd()).toBe(true);
    expect(await reader.read(piece)).toBe(0);
  });

  it('splits lines across chunks, keeps multi-byte characters whole and returns an unterminated last line', async () => {
    const bytes = Buffer.from('héllo\n\nwörld ☃\nlast', 'utf8');
    const reader = new ByteReader(await byteSource(bytes, 'tiny').open(0), 0);
    const lines: (string | null)[] = [];
    const offsets: number[] = [];
    for (let line = await reader.readLine(100); line !== null; line = await reader.readLine(100)) {
      lines.push(text(line));
      offsets.push(reader.offset);
    }
    expect(lines).toEqual(['héllo', '', 'wörld ☃', 'last']);
    // Offsets are bytes: é and ö take 2, ☃ takes 3.
    expect(offsets).toEqual([7, 8, 19, 23]);
  });

  it('stops a line after maxBytes + 1 bytes without consuming the rest', async () => {
    const reader = new ByteReader(await byteSource(Buffer.from('abcdefgh\nxy\n')).open(0), 0);
    expect(text(await reader.readLine(4))).toBe('abcde');
    expect(reader.offset).toBe(5);
    expect(text(await reader.readLine(4))).toBe('fgh');
    expect(text(await reader.readLine(2))).toBe('xy');
    expect(await reader.readLine(2)).toBeNull();
  });

  it('refuses string chunks and releases the stream on close', async () => {
    const strings = new ByteReader(Readable.from(['text']), 0);
    await expect(strings.read(new Uint8Array(1))).rejects.toThrow(TypeError);
    const stream = Readable.from([Buffer.from('abc'), Buffer.from('def')]);
    const reader = new ByteReader(stream, 0);
    await reader.read(new Uint8Array(1));
    await reader.close();
    await reader.close();
    expect(stream.destroyed).toBe(true);
  });
});
