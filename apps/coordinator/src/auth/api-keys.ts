import { createHash } from 'node:crypto';

/** What a key may do: read (GETs and searches) or also write (everything else under /v1). */
export type KeyAccess = 'read' | 'write';

/** The outcome of presenting an `Authorization` header. */
export type Authentication = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'unknown' } | { kind: 'valid'; access: KeyAccess };

const BEARER = /^Bearer ([^\s]+)$/i;

/**
 * The configured API keys. Only SHA-256 digests are kept and looked up, so the keys themselves
 * never sit in a map whose lookup time could leak them, nor in a heap dump of this object.
 */
export class ApiKeys {
  private readonly digests = new Map<string, KeyAccess>();

  constructor(readWrite: readonly string[], readOnly: readonly string[]) {
    for (const key of readOnly) this.digests.set(digest(key), 'read');
    // A key listed in both would be a configuration error (the config refuses it); write wins here.
    for (const key of readWrite) this.digests.set(digest(key), 'write');
  }

  /** False when no key is configured: the public API is then open (local development). */
  get enabled(): boolean {
    return this.digests.size > 0;
  }

  authenticate(header: string | undefined): Authentication {
    if (header === undefined || header.trim() === '') return { kind: 'missing' };
    const match = BEARER.exec(header.trim());
    if (match === null) return { kind: 'malformed' };
    const access = this.digests.get(digest(match[1]));
    return access === undefined ? { kind: 'unknown' } : { kind: 'valid', access };
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
