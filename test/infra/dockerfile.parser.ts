/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY… */
  keyword: string;
  /** `--name=value` flags before the arguments (`--from=deps`, `--interval=10s`). */
  flags: Record<string, string>;
  /** Everything after the keyword and its flags, as written. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

/** A build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  /** The `AS` name, or the stage's index as a string. */
  name: string;
  /** The base image, ARG defaults substituted. */
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

const FLAG = /^--([a-z-]+)(?:=(\S*))?\s*/;

function splitFlags(rest: string): { flags: Record<string, string>; args: string } {
  const flags: Record<string, string> = {};
  let args = rest;
  for (let match = FLAG.exec(args); match !== null; match = FLAG.exec(args)) {
    flags[match[1]] = match[2] ?? 'true';
    args = args.slice(match[0].length);
  }
  return { flags, args: args.trim() };
}

/** Splits the text into instructions: comments and blank lines dropped, `\` continuations joined. */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i].trim();
    if (first === '' || first.startsWith('#')) continue;
    const start = i + 1;
    let joined = first;
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      joined = joined.slice(0, -1);
      const next = lines[++i].trim();
      if (!next.startsWith('#')) joined += ` ${next}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(joined);
    if (match === null) continue;
    const keyword = match[1].toUpperCase();
    // HEALTHCHECK and COPY/ADD flags precede their arguments; RUN's --mount too.
    const { flags, args } = splitFlags(match[2]);
    instructions.push({ keyword, flags, args: args.replace(/\s+/g, ' ').trim(), line: start });
  }
  return instructions;
}

/** Replaces `${NAME}` and `$NAME` with `values[NAME]`; unknown names stay as written. */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    return values[name] ?? whole;
  });
}

function argDefault(args: string): [string, string] {
  const [name, ...rest] = args.split('=');
  return [name.trim(), rest.join('=').trim()];
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (match === null) throw new Error(`line ${instruction.line}: cannot read FROM ${instruction.args}`);
      stages.push({ name: match[2] ?? String(stages.length), base: substitute(match[1], globalArgs), instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
      const [name, value] = argDefault(instruction.args);
      globalArgs[name] = value;
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** The JSON array of an exec-form CMD/ENTRYPOINT/HEALTHCHECK CMD, or null for the shell form. */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) return null;
  return parsed;
}

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) as a map; later instructions win. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    if (!args.includes('=')) {
      const [name, ...value] = args.split(' ');
      env[name] = value.join(' ');
      continue;
    }
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return env;
}

/** A COPY/ADD split into its sources and destination (exec/JSON form included). */
export function copyParts(instruction: Instruction): { sources: string[]; destination: string } {
  const parts = execForm(instruction.args) ?? instruction.args.split(' ');
  if (parts.length < 2) throw new Error(`line ${instruction.line}: ${instruction.keyword} needs a source and a destination`);
  return { sources: parts.slice(0, -1), destination: parts[parts.length - 1] };
}
