/** One sample line of the Prometheus text format. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
const COMMENT = /^#\s*(HELP|TYPE)\s+[a-zA-Z_:][a-zA-Z0-9_:]*(\s.*)?$|^#(?!\s*(HELP|TYPE)\b)/;

/**
 * Parses the text exposition format (version 0.0.4) strictly: any line that is neither a comment,
 * a HELP/TYPE line nor a well-formed sample throws, naming the line. Tests and the CLI read
 * `/metrics` with it; a scraper would reject what it rejects.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      if (!COMMENT.test(line)) throw new SyntaxError(`line ${index + 1} is a malformed HELP/TYPE line: ${line}`);
      return;
    }
    const match = SAMPLE.exec(line);
    const value = match === null ? undefined : parseValue(match[3]);
    if (match === null || value === undefined) throw new SyntaxError(`line ${index + 1} is not a sample: ${line}`);
    samples.push({ name: match[1], labels: parseLabels(match[2] ?? '', index + 1), value });
  });
  return samples;
}

/** Go's ParseFloat, as Prometheus reads values: NaN and Inf in any case (prom-client writes "Nan"). */
function parseValue(text: string): number | undefined {
  const special = text.toLowerCase();
  if (special === 'nan') return Number.NaN;
  if (special === '+inf' || special === 'inf') return Number.POSITIVE_INFINITY;
  if (special === '-inf') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  return Number.isNaN(value) || text === '' ? undefined : value;
}

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (match === null) throw new SyntaxError(`line ${line} has malformed labels: {${text}}`);
    labels[match[1]] = match[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}
