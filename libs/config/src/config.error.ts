/** A start-up configuration that cannot run; `problems` names every bad variable and the rule it broke. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${app} configuration:\n  - ${problems.join('\n  - ')}`);
  }
}
