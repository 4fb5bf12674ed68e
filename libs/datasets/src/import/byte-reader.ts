// Module-local aliases: Jest's vm sandbox makes global lookups in per-record code ~100× slower.
const { min } = Math;
const { concat, isBuffer } = Buffer;
const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

/**
 * Reads a byte stream in caller-sized pieces whatever the stream's chunk boundaries, tracking the
 * absolute offset in the object. It holds one chunk of the stream at a time (plus the bytes of a
 * line in progress), so memory is bounded by the caller's records, never by the file.
 */
export class ByteReader {
  private readonly chunks: AsyncIterator<unknown>;
  private chunk: Buffer = EMPTY;
  private position = 0;
  private ended = false;
  /** Absolute offset in the object of the next unread byte. */
  offset: number;

  /** `stream` must start at byte `offset` of the object. */
  constructor(stream: NodeJS.ReadableStream, offset: number) {
    this.chunks = stream[Symbol.asyncIterator]();
    this.offset = offset;
  }

  /** Fills `target` from the stream; returns how many bytes it got, fewer than asked only at the end. */
  async read(target: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < target.length) {
      if (this.position === this.chunk.length && !(await this.pull())) break;
      const take = min(target.length - filled, this.chunk.length - this.position);
      target.set(this.chunk.subarray(this.position, this.position + take), filled);
      filled += take;
      this.advance(take);
    }
    return filled;
  }

  /**
   * The next line's bytes without its `\n` (the last line may lack one), or `null` at the end. Stops
   * collecting after `maxBytes + 1` bytes, so a longer result means the line is too long and the
   * reader has not consumed the rest of it. The result may be a view of the stream's chunk: decode
   * it before the next call.
   */
  async readLine(maxBytes: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let length = 0;
    for (;;) {
      if (this.position === this.chunk.length && !(await this.pull())) {
        return parts.length === 0 ? null : concat(parts, length);
      }
      const newline = this.chunk.indexOf(NEWLINE, this.position);
      const lineEnd = newline === -1 ? this.chunk.length : newline;
      const take = min(lineEnd - this.position, maxBytes + 1 - length);
      parts.push(this.chunk.subarray(this.position, this.position + take));
      length += take;
      this.advance(take);
      if (length > maxBytes) return concat(parts, length);
      if (this.position === newline) {
        this.advance(1);
        return parts.length === 1 ? parts[0] : concat(parts, length);
      }
    }
  }

  /** Whether every byte of the stream has been read. */
  async atEnd(): Promise<boolean> {
    return this.position === this.chunk.length && !(await this.pull());
  }

  /** Releases the stream (destroying it when unread bytes remain); safe to call twice. */
  async close(): Promise<void> {
    this.ended = true;
    await this.chunks.return?.();
  }

  private advance(bytes: number): void {
    this.position += bytes;
    this.offset += bytes;
  }

  /** Makes the next non-empty chunk current; false at the end of the stream. */
  private async pull(): Promise<boolean> {
    while (!this.ended) {
      const { value, done } = await this.chunks.next();
      if (done === true) {
        this.ended = true;
        break;
      }
      // isView, not instanceof: chunks may come from another realm (Node core inside Jest's sandbox).
      if (!ArrayBuffer.isView(value)) throw new TypeError('import streams must yield bytes, not strings (do not set an encoding)');
      const bytes = value as Uint8Array;
      if (bytes.length === 0) continue;
      this.chunk = isBuffer(bytes) ? bytes : toBuffer(bytes);
      this.position = 0;
      return true;
    }
    return false;
  }
}
