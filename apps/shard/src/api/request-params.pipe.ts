import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@shoal/contracts';

const NON_NEGATIVE_INT = /^(0|[1-9]\d{0,15})$/;

function parse(value: unknown, name: string): number {
  const parsed = typeof value === 'string' && NON_NEGATIVE_INT.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed)) throw ApiError.invalid(name, `must be a non-negative integer, got ${JSON.stringify(value)}`);
  return parsed;
}

/** A path or query parameter that must be a non-negative integer (shard numbers, sequence numbers). */
@Injectable()
export class NonNegativeIntPipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    return parse(value, metadata.data ?? 'parameter');
  }
}

/** Like {@link NonNegativeIntPipe}, but absent is allowed (undefined). */
@Injectable()
export class OptionalNonNegativeIntPipe implements PipeTransform<unknown, number | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    return value === undefined || value === '' ? undefined : parse(value, metadata.data ?? 'parameter');
  }
}

/** A body parsed as raw bytes, i.e. sent with one of the binary content types; used as an instance. */
export class BinaryBodyPipe implements PipeTransform<unknown, Buffer> {
  constructor(private readonly contentType: string) {}

  transform(value: unknown): Buffer {
    if (Buffer.isBuffer(value)) return value;
    throw ApiError.invalid('body', `must be a binary frame sent as Content-Type: ${this.contentType}`);
  }
}
