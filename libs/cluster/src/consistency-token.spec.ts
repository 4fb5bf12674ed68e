import { ClusterError, ClusterErrorCode } from './cluster.error';
import {
  ConsistencyToken,
  decodeConsistencyToken,
  encodeConsistencyToken,
  MAX_TOKEN_CHARS,
  mergeTokens,
  requiredSeq,
} from './consistency-token';
import { errorCodeOf } from './testing/error-code';
import { seededRng } from './testing/seeded-rng';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/**
 * `sample` in format version 1, hex: 01 | 04 'docs' | 03 | 00 11 (shard 0, seq 17) |
 * 02 8080808010 (shard 3, seq 2^32) | 03 01 (shard 7, seq 1) | 02f74381 (checksum).
 */
const GOLDEN = 'AQRkb2NzAwARAoCAgIAQAwEC90OB';
const sample: ConsistencyToken = { collection: 'docs', seqs: { 0: 17, 3: 4_294_967_296, 7: 1 } };

describe('consistency token', () => {
  it('round-trips random tokens through a URL-safe string', () => {
    const rng = seededRng(21);
    const names = ['docs', '', 'ünïcödé-🐟', 'a/b c?d=e&f', 'x'.repeat(300)];
    for (let trial = 0; trial < 500; trial++) {
      const seqs: Record<number, number> = {};
      const count = rng.int(20);
      for (let i = 0; i < count; i++) {
        const shard = rng.int(4) === 0 ? 65_535 : rng.int(1024);
        seqs[shard] = rng.int(3) === 0 ? Number.MAX_SAFE_INTEGER - rng.int(1000) : rng.int(1_000_000);
      }
      const token = { collection: names[trial % names.length], seqs };
      const text = encodeConsistencyToken(token);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(encodeURIComponent(text)).toBe(text);
      expect(decodeConsistencyToken(text)).toEqual(token);
    }
  });

  it('keeps a stable, compact wire format (version byte first)', () => {
    // A format change must bump CONSISTENCY_TOKEN_VERSION: tokens outlive coordinator releases.
    const text = encodeConsistencyToken(sample);
    expect(text).toBe(GOLDEN);
    expect(text.length).toBeLessThan(40);
    expect(atob(text.replace(/-/g, '+').replace(/_/g, '/')).charCodeAt(0)).toBe(1);
    expect(encodeConsistencyToken({ collection: 'docs', seqs: { 7: 1, 0: 17, 3: 4_294_967_296 } })).toBe(text);
  });

  it.each([
    ['', 'empty'],
    ['not a token!', 'bad characters'],
    ['abc=', 'padding'],
    ['A', 'impossible length'],
    ['AQ', 'a lone version byte'],
    ['AgAAAAAAAA', 'version 2'],
    [btoa('{"collection":"docs","seqs":{"0":1}}'), 'plain JSON'],
  ])('rejects %j (%s) with INVALID_TOKEN', (text) => {
    expect(errorCodeOf(() => decodeConsistencyToken(text))).toBe(ClusterErrorCode.InvalidToken);
  });

  it('names the unsupported version', () => {
    expect(() => decodeConsistencyToken('AgAAAAAAAA')).toThrow('invalid consistency token: unsupported version 2');
  });

  it('rejects every single-character corruption and every truncation of a valid token', () => {
    const text = encodeConsistencyToken(sample);
    for (let i = 0; i < text.length; i++) {
      for (const ch of ALPHABET) {
        if (ch === text[i]) continue;
        const corrupted = text.slice(0, i) + ch + text.slice(i + 1);
        expect([corrupted, errorCodeOf(() => decodeConsistencyToken(corrupted))]).toEqual([corrupted, 'INVALID_TOKEN']);
      }
    }
    for (let n = 0; n < text.length; n++) {
      expect(errorCodeOf(() => decodeConsistencyToken(text.slice(0, n)))).toBe('INVALID_TOKEN');
    }
    expect(errorCodeOf(() => decodeConsistencyToken(text + 'A'))).toBe('INVALID_TOKEN');
  });

  it('rejects random garbage of every length', () => {
    const rng = seededRng(22);
    for (let trial = 0; trial < 2000; trial++) {
      const text = Array.from({ length: 1 + rng.int(60) }, () => ALPHABET[rng.int(64)]).join('');
      expect(errorCodeOf(() => decodeConsistencyToken(text))).toBe('INVALID_TOKEN');
    }
  });

  it('rejects a token for another collection when the expected one is given', () => {
    const text = encodeConsistencyToken(sample);
    expect(decodeConsistencyToken(text, 'docs')).toEqual(sample);
    let error: unknown;
    try {
      decodeConsistencyToken(text, 'images');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe('INVALID_TOKEN');
    expect((error as ClusterError).message).toBe('invalid consistency token: it is for collection docs, not images');
  });

  it('refuses to encode bad shards or sequence numbers, and tokens over the size limit', () => {
    const bad: Record<number, number>[] = [{ 0: -1 }, { 0: 1.5 }, { 0: Number.MAX_SAFE_INTEGER + 1 }, { 65_536: 1 }];
    for (const seqs of bad) expect(errorCodeOf(() => encodeConsistencyToken({ collection: 'c', seqs }))).toBe('INVALID_ARGUMENT');
    const odd = JSON.parse('{"x":1}') as Record<number, number>;
    expect(errorCodeOf(() => encodeConsistencyToken({ collection: 'c', seqs: odd }))).toBe('INVALID_ARGUMENT');
    expect(errorCodeOf(() => encodeConsistencyToken({ collection: 'x'.repeat(MAX_TOKEN_CHARS), seqs: {} }))).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

describe('mergeTokens', () => {
  it('takes the per-shard maximum over the union of shards, without mutating its inputs', () => {
    const a = { collection: 'docs', seqs: { 0: 5, 1: 9 } };
    const b = { collection: 'docs', seqs: { 1: 3, 2: 4 } };
    expect(mergeTokens(a, b)).toEqual({ collection: 'docs', seqs: { 0: 5, 1: 9, 2: 4 } });
    expect(mergeTokens(b, a)).toEqual(mergeTokens(a, b));
    expect(mergeTokens(a, a)).toEqual(a);
    expect(a.seqs).toEqual({ 0: 5, 1: 9 });
  });

  it('refuses tokens of different collections', () => {
    const other = { collection: 'images', seqs: {} };
    expect(errorCodeOf(() => mergeTokens(sample, other))).toBe('INVALID_ARGUMENT');
  });

  it('tells each shard the sequence number it must have reached', () => {
    expect(requiredSeq(sample, 3)).toBe(4_294_967_296);
    expect(requiredSeq(sample, 2)).toBe(0);
    expect(requiredSeq(undefined, 0)).toBe(0);
  });
});
