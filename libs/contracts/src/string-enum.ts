import { Type } from '@sinclair/typebox';

/** A string union as a JSON-schema `enum`, so errors list the allowed values (anyOf of consts would not). */
export function StringEnum<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
