import type { TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ApiError } from './api-error';

const ajv = new Ajv({ allErrors: false, coerceTypes: false, discriminator: true, strict: false });
// Response schemas carry timestamps (`format: date-time`); checked rather than ignored with a warning.
addFormats(ajv, ['date-time']);

/** "/vectors/3/values/5" → "vectors[3].values[5]"; the root is "body". */
export function fieldPath(instancePath: string, prefix = 'body'): string {
  if (!instancePath) return prefix;
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part, i) => (/^\d+$/.test(part) ? `${path}[${part}]` : i === 0 ? part : `${path}.${part}`), '');
}

function describe(error: ErrorObject): { field: string; rule: string } {
  const field = fieldPath(error.instancePath);
  const at = (child: string) => (field === 'body' ? child : `${field}.${child}`);
  switch (error.keyword) {
    case 'required':
      return { field: at(String(error.params.missingProperty)), rule: 'is required' };
    case 'additionalProperties':
      return { field: at(String(error.params.additionalProperty)), rule: 'is not an allowed field' };
    case 'discriminator':
      return { field: at(String(error.params.tag)), rule: 'must be one of the documented types' };
    case 'type':
      return { field, rule: `must be ${error.params.type === 'integer' ? 'an integer' : `of type ${error.params.type}`}` };
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
      return { field, rule: `${error.message ?? 'is out of range'}` };
    case 'enum':
      return { field, rule: `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'pattern':
      return { field, rule: `must match ${String(error.params.pattern)}` };
    default:
      return { field, rule: error.message ?? `fails ${error.keyword}` };
  }
}

/**
 * A compiled validator for one request schema. `parse` returns the typed value or throws an
 * ApiError (400) naming the first bad field and the rule it broke.
 */
export class RequestValidator<T> {
  private readonly check: ValidateFunction;

  constructor(schema: TSchema) {
    this.check = ajv.compile(schema);
  }

  parse(value: unknown): T {
    if (this.check(value)) return value as T;
    const { field, rule } = describe((this.check.errors ?? [])[0] ?? ({ instancePath: '', keyword: 'invalid', params: {} } as ErrorObject));
    throw ApiError.invalid(field, rule);
  }
}
