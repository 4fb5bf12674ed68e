import { formatPy, parsePyDict, type PyLiteral } from './py-literal.parser';

class SyntaxFailure extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`${reason} at ${index}`);
  }
}
const fail = (index: number, reason: string): never => {
  throw new SyntaxFailure(index, reason);
};
const parse = (text: string) => Object.fromEntries(parsePyDict(text, fail));
const failure = (text: string) => {
  try {
    parsePyDict(text, fail);
  } catch (error) {
    return { index: (error as SyntaxFailure).index, reason: (error as SyntaxFailure).reason };
  }
  throw new Error(`expected ${text} to fail`);
};

describe('parsePyDict', () => {
  it('parses the literals npy headers use', () => {
    expect(parse("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }          \n")).toEqual({ descr: '<f4', fortran_order: false, shape: [3, 4] });
    expect(parse('{"a": (), "b": (1,), "c": [True, None, -2], "d": ((1, 2), [\'x\'])}')).toEqual({ a: [], b: [1], c: [true, null, -2], d: [[1, 2], ['x']] });
    expect(parse("{'it\\'s': 'a\\\\b'}")).toEqual({ "it's": 'a\\b' });
    expect(parse('{}')).toEqual({});
  });

  it.each([
    ["{'a': 1", { index: 7, reason: "expected '}', found the end of the header" }],
    ["{'a' 1}", { index: 5, reason: "expected ':', found '1'" }],
    ["{'a': 1,, }", { index: 8, reason: "unexpected ','" }],
    ["{'a': 1, 'a': 2}", { index: 9, reason: "duplicate key 'a'" }],
    ['{1: 2}', { index: 1, reason: 'dict keys must be strings, found 1' }],
    ["{'a': 'open}", { index: 6, reason: 'unterminated string' }],
    ["{'a': 1.5}", { index: 7, reason: "expected '}', found '.'" }],
    ["{'a': 3L}", { index: 7, reason: "expected '}', found 'L'" }],
    ["{'a': 99999999999999999999}", { index: 6, reason: 'integer 99999999999999999999 is too large' }],
    ["{'a': open('/etc/passwd')}", { index: 6, reason: 'unexpected name open' }],
    ["{'a': 1} {'b': 2}", { index: 9, reason: "unexpected '{' after the dict" }],
    ["['a', 1]", { index: 0, reason: "expected '{', found '['" }],
  ])('refuses %s', (text, expected) => {
    expect(failure(text)).toEqual(expected);
  });
});

describe('formatPy', () => {
  it.each<[PyLiteral, string]>([
    ['<f4', "'<f4'"],
    [true, 'True'],
    [null, 'None'],
    [[5], '(5,)'],
    [[2, [3, 'x']], "(2, (3, 'x'))"],
  ])('formats %j as %s', (value, text) => {
    expect(formatPy(value)).toBe(text);
  });
});
