import { murmur3_32 } from './hash.util';
import { CHI2_DF15_P001, chiSquareUniform, seededRng } from './testing/seeded-rng';

describe('murmur3_32', () => {
  // Expected values computed with SMHasher's reference MurmurHash3_x86_32 (C), and the published
  // vectors from the brief / Wikipedia's test list.
  it.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['a', 0, 0x3c2569b2],
    ['ab', 0, 0x9bbfd75f],
    ['abc', 0, 0xb3dd93fa],
    ['abcd', 0, 0x43ed676a],
    ['hello', 0, 0x248bfa47],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ['doc-123', 42, 0x5495df63],
  ])('hashes %j with seed %i to the reference value', (key, seed, expected) => {
    expect(murmur3_32(key, seed)).toBe(expected);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(murmur3_32('ππππππππ', 0x9747b28c)).toBe(0xd58063c1);
    expect(murmur3_32('héllo wörld ✓ 🐟', 0)).toBe(0x488fe671);
    expect(murmur3_32('🐟'.repeat(100), 7)).toBe(0x5ebb9ceb);
  });

  it('handles keys longer than its scratch buffer', () => {
    expect(murmur3_32('x'.repeat(1000), 0)).toBe(0x7120440e);
    expect(murmur3_32('abc', 0)).toBe(0xb3dd93fa);
  });

  it('gives the same result for a string and its bytes', () => {
    const text = 'Grüße/42';
    expect(murmur3_32(new TextEncoder().encode(text), 3)).toBe(murmur3_32(text, 3));
    expect(murmur3_32(new Uint8Array([0, 0, 0, 0]), 0)).toBe(0x2362f9de);
  });

  it('encodes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    expect(murmur3_32('\ud800', 0)).toBe(0xb69ca6c1);
    expect(murmur3_32('\ud800', 0)).toBe(murmur3_32('\ufffd', 0));
  });

  it('takes the seed modulo 2^32 and returns unsigned 32-bit integers', () => {
    expect(murmur3_32('', -1)).toBe(0x81f16f39);
    const h = murmur3_32('anything', 5);
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
  });

  describe('distribution', () => {
    const bucketCounts = (hash: (id: string) => number, ids: string[]): number[] => {
      const counts = new Array<number>(16).fill(0);
      for (const id of ids) counts[hash(id) % 16]++;
      return counts;
    };
    const sequentialIds = Array.from({ length: 100_000 }, (_, i) => `doc-${i}`);

    it('spreads 100k sequential ids over 16 buckets (chi-square below the p = 0.001 bound)', () => {
      expect(chiSquareUniform(bucketCounts((id) => murmur3_32(id), sequentialIds))).toBeLessThan(CHI2_DF15_P001);
    });

    it('spreads 100k random hex ids and numeric ids as well', () => {
      const rng = seededRng(1);
      const hexIds = Array.from({ length: 100_000 }, () => rng.int(2 ** 32).toString(16) + rng.int(2 ** 32).toString(16));
      const numericIds = Array.from({ length: 100_000 }, (_, i) => String(i * 16));
      expect(chiSquareUniform(bucketCounts((id) => murmur3_32(id), hexIds))).toBeLessThan(CHI2_DF15_P001);
      expect(chiSquareUniform(bucketCounts((id) => murmur3_32(id, 9), numericIds))).toBeLessThan(CHI2_DF15_P001);
    });

    it('has a test strong enough to reject the weak hashes it replaces', () => {
      const charSum = (id: string): number => [...id].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
      const javaHashCode = (id: string): number =>
        [...id].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 0) >>> 0;
      expect(chiSquareUniform(bucketCounts(charSum, sequentialIds))).toBeGreaterThan(CHI2_DF15_P001);
      expect(chiSquareUniform(bucketCounts(javaHashCode, sequentialIds))).toBeGreaterThan(CHI2_DF15_P001);
    });

    it('avalanches: flipping any input bit flips each output bit with probability ~1/2', () => {
      const rng = seededRng(2);
      const samples = 1000;
      const flips = new Array<number>(64 * 32).fill(0);
      const key = new Uint8Array(8);
      for (let s = 0; s < samples; s++) {
        for (let b = 0; b < 8; b++) key[b] = rng.int(256);
        const base = murmur3_32(key);
        for (let bit = 0; bit < 64; bit++) {
          key[bit >> 3] ^= 1 << (bit & 7);
          const diff = base ^ murmur3_32(key);
          key[bit >> 3] ^= 1 << (bit & 7);
          for (let out = 0; out < 32; out++) flips[bit * 32 + out] += (diff >>> out) & 1;
        }
      }
      const worstBias = Math.max(...flips.map((f) => Math.abs(f / samples - 0.5)));
      // One standard deviation is 0.016 at 1000 samples; 0.08 is five of them.
      expect(worstBias).toBeLessThan(0.08);
    });
  });
});
