import { assertValidKey, assertValidPrefix, keyProblem, prefixProblem } from './object-key';
import { StorageErrorCode } from './storage.error';

describe('object keys', () => {
  it.each(['a', 'collections/c/shards/0/log/00000000000000000001.seg', "x/y.z_(1)=!'-"])('accepts %s', (key) => {
    expect(keyProblem(key)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['/etc/passwd', 'must be relative (no leading "/")'],
    ['a//b', 'must not contain empty segments ("//")'],
    ['a/', 'must not end with "/" (empty last segment)'],
    ['..', 'must not contain "." or ".." segments'],
    ['a/../b', 'must not contain "." or ".." segments'],
    ['a/./b', 'must not contain "." or ".." segments'],
    ['a b', "may only contain letters, digits and ! _ . ' ( ) = - /"],
    ['a+b', "may only contain letters, digits and ! _ . ' ( ) = - /"],
    ['a%20', "may only contain letters, digits and ! _ . ' ( ) = - /"],
    ['a\\b', "may only contain letters, digits and ! _ . ' ( ) = - /"],
    ['a~', "may only contain letters, digits and ! _ . ' ( ) = - /"],
    ['é', "may only contain letters, digits and ! _ . ' ( ) = - /"],
    ['k'.repeat(1025), 'must be at most 1024 bytes'],
  ])('rejects %j: %s', (key, problem) => {
    expect(keyProblem(key)).toBe(problem);
  });

  it('throws INVALID_KEY naming the key and the rule', () => {
    expect(() => assertValidKey('../x')).toThrow('Invalid object key "../x": must not contain "." or ".." segments');
    try {
      assertValidKey('');
    } catch (error) {
      expect(error).toMatchObject({ code: StorageErrorCode.InvalidKey, key: '' });
    }
  });
});

describe('key prefixes', () => {
  it.each(['', 'a/', 'collections/c/shards/0/log/0000', 'a/.', 'a/..'])('accepts %j (a partial last segment is only a filter)', (prefix) => {
    expect(prefixProblem(prefix)).toBeUndefined();
  });

  it.each(['/a', 'a//', '../', 'a/../b/', 'a b'])('rejects %j', (prefix) => {
    expect(() => assertValidPrefix(prefix)).toThrow(/^Invalid key prefix/);
  });
});
