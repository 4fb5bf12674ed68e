import type { PipeTransform } from '@nestjs/common';

/** An absent body (no content, no content type) reads as `{}`, for requests whose fields are all optional. */
export class EmptyBodyPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown): unknown {
    return value ?? {};
  }
}
