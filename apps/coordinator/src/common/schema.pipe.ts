import type { PipeTransform } from '@nestjs/common';
import type { TSchema } from '@sinclair/typebox';
import { RequestValidator } from '@shoal/contracts';

/**
 * Validates a request body against its contracts schema; a mismatch is a 400 naming the first bad
 * field and rule. Compiled once, when the controller's decorators run.
 */
export class SchemaPipe<T> implements PipeTransform<unknown, T> {
  private readonly validator: RequestValidator<T>;

  constructor(schema: TSchema) {
    this.validator = new RequestValidator<T>(schema);
  }

  transform(value: unknown): T {
    return this.validator.parse(value);
  }
}
