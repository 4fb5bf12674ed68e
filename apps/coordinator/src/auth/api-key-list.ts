/** Characters a key may hold: URL-safe and base64 alphabets, so `openssl rand -base64 32` works. */
const KEY_PATTERN = /^[A-Za-z0-9._~+/=-]{16,256}$/;

/**
 * Parses a comma-separated key list (`SHOAL_API_KEYS`, `SHOAL_READ_ONLY_API_KEYS`). Problems name
 * the variable and the entry's position, never the key: start-up errors end up in logs.
 */
export function parseApiKeyList(name: string, text: string | undefined, problems: string[]): string[] {
  if (text === undefined || text.trim() === '') return [];
  const keys = text.split(',').map((key) => key.trim());
  keys.forEach((key, i) => {
    if (!KEY_PATTERN.test(key)) {
      problems.push(`${name} entry ${i + 1} must be 16 to 256 characters of letters, digits and . _ ~ + / = - (it has ${key.length} characters)`);
    }
  });
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key)) problems.push(`${name} entry ${i + 1} repeats an earlier key`);
    seen.add(key);
  });
  return keys;
}

/** A key in both lists would be read-write and read-only at once: refuse it. */
export function checkDisjointKeyLists(readWrite: readonly string[], readOnly: readonly string[], problems: string[]): void {
  const writeKeys = new Set(readWrite);
  readOnly.forEach((key, i) => {
    if (writeKeys.has(key)) problems.push(`SHOAL_READ_ONLY_API_KEYS entry ${i + 1} is also in SHOAL_API_KEYS: a key is read-only or read-write, not both`);
  });
}
