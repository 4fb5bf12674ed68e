/** A Python literal as npy headers write them; tuples and lists both become arrays. */
export type PyLiteral = string | number | boolean | null | PyLiteral[];

/** Reports a syntax error at a character index of the text; must throw. */
export type PySyntaxFailure = (index: number, reason: string) => never;

const INTEGER = /-?[0-9]+/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NAMED_CONSTANTS: ReadonlyMap<string, PyLiteral> = new Map<string, PyLiteral>([
  ['True', true],
  ['False', false],
  ['None', null],
]);
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Parses a dict literal of string keys (`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`)
 * followed by nothing but whitespace, the way Python's `ast.literal_eval` would for the subset npy
 * headers use: strings, integers, True/False/None, tuples and lists. Never evaluates anything.
 */
export function parsePyDict(text: string, fail: PySyntaxFailure): Map<string, PyLiteral> {
  const parser = new PyLiteralParser(text, fail);
  const dict = parser.dict();
  parser.expectEnd();
  return dict;
}

/** Python's repr of a literal, for error messages. */
export function formatPy(value: PyLiteral): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  if (Array.isArray(value)) return `(${value.map(formatPy).join(', ')}${value.length === 1 ? ',' : ''})`;
  return String(value);
}

class PyLiteralParser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly fail: PySyntaxFailure,
  ) {}

  dict(): Map<string, PyLiteral> {
    this.expect('{');
    const entries = new Map<string, PyLiteral>();
    while (!this.accept('}')) {
      this.skipWhitespace();
      const keyIndex = this.index;
      const key = this.value();
      if (typeof key !== 'string') this.fail(keyIndex, `dict keys must be strings, found ${formatPy(key)}`);
      if (entries.has(key)) this.fail(keyIndex, `duplicate key '${key}'`);
      this.expect(':');
      entries.set(key, this.value());
      if (!this.accept(',')) {
        this.expect('}');
        break;
      }
    }
    return entries;
  }

  expectEnd(): void {
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(this.index, `unexpected ${this.describeNext()} after the dict`);
  }

  private value(): PyLiteral {
    this.skipWhitespace();
    const next = this.text[this.index];
    if (next === "'" || next === '"') return this.string(next);
    if (next === '(') return this.sequence(')');
    if (next === '[') return this.sequence(']');
    const integer = this.match(INTEGER);
    if (integer !== undefined) {
      const value = Number(integer);
      if (!Number.isSafeInteger(value)) this.fail(this.index - integer.length, `integer ${integer} is too large`);
      return value;
    }
    const start = this.index;
    const name = this.match(NAME);
    if (name !== undefined && NAMED_CONSTANTS.has(name)) return NAMED_CONSTANTS.get(name) as PyLiteral;
    return this.fail(start, `unexpected ${name === undefined ? this.describeNext() : `name ${name}`}`);
  }

  /** A tuple or list: items separated by commas, a trailing comma allowed; opened by the current character. */
  private sequence(close: ')' | ']'): PyLiteral[] {
    this.index++;
    const items: PyLiteral[] = [];
    while (!this.accept(close)) {
      items.push(this.value());
      if (!this.accept(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  private string(quote: string): string {
    const start = this.index++;
    let value = '';
    while (this.index < this.text.length) {
      const char = this.text[this.index++];
      if (char === quote) return value;
      // npy headers never need escapes; taking the next character literally covers \' \" and \\.
      value += char === '\\' ? (this.text[this.index++] ?? '') : char;
    }
    return this.fail(start, 'unterminated string');
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.index;
    const found = pattern.exec(this.text);
    if (found === null) return undefined;
    this.index += found[0].length;
    return found[0];
  }

  /** Consumes `token` (after whitespace) when it comes next. */
  private accept(token: string): boolean {
    this.skipWhitespace();
    if (this.text[this.index] !== token) return false;
    this.index++;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) this.fail(this.index, `expected '${token}', found ${this.describeNext()}`);
  }

  private skipWhitespace(): void {
    while (WHITESPACE.has(this.text[this.index])) this.index++;
  }

  private describeNext(): string {
    return this.index < this.text.length ? `'${this.text[this.index]}'` : 'the end of the header';
  }
}
