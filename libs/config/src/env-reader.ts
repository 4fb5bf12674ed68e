type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads environment variables and collects every problem instead of stopping at the first, so a
 * bad start-up lists all of them at once. Empty values count as unset (as shells and compose files
 * often produce them).
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  required(name: string, rule: string): string {
    const value = this.raw(name);
    if (value === undefined) this.problems.push(`${name} is required (${rule})`);
    return value ?? '';
  }

  /** An integer in [min, max]; out-of-range or non-numeric values are reported and replaced by the fallback. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}="${value}" must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return parsed;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}="${value}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  /** A URL whose scheme is one of `protocols` (e.g. ['http:', 'https:']). */
  url(name: string, value: string | undefined, protocols: readonly string[], example: string): string | undefined {
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (protocols.includes(url.protocol)) return value;
    } catch {
      // Reported below with the rule.
    }
    this.problems.push(`${name}="${value}" must be a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL, e.g. ${example}`);
    return undefined;
  }

  problem(message: string): void {
    this.problems.push(message);
  }
}
