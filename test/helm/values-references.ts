import { actionsOf } from './chart-source';

/**
 * Values paths a template reads, found by scanning its actions. Sound under the chart's template
 * rule (templates/_helpers.tpl): values are read as full `.Values.a.b` paths; inside
 * `with .Values.x` only `.` itself (or `.field`, resolved to `x.field`); never through `index`/`get`
 * on .Values, a variable bound to a values sub-tree, or a field of a `range` item. Whatever breaks
 * the rule is reported in `violations`, so a template the scan cannot see through fails the tests.
 */
export interface ValuesReferences {
  paths: Set<string>;
  violations: string[];
}

interface Frame {
  kind: string;
  /** Values path `.` stands for; undefined when `.` is the root (helpers receive the root or a list). */
  context?: string;
  /** True inside `range` over values: `.field` there would be an item's field. */
  rangeItem?: boolean;
}

const VALUES_PATH = /(?:\$[A-Za-z0-9_]*)?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;
const ROOT_OBJECTS = new Set(['Values', 'Release', 'Chart', 'Template', 'Files', 'Capabilities']);

export function valuesReferences(text: string, file: string): ValuesReferences {
  const paths = new Set<string>();
  const violations: string[] = [];
  const stack: Frame[] = [{ kind: 'root' }];
  const valueVariables = new Set<string>();

  for (const { body } of actionsOf(text)) {
    if (body.startsWith('/*')) continue;
    const code = body.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    const top = stack[stack.length - 1];

    for (const match of code.matchAll(VALUES_PATH)) paths.add(match[1].slice(1));
    if (/\.Values(?![.A-Za-z0-9_])/.test(code)) {
      violations.push(`${file}: .Values used as a whole or indexed: {{ ${body} }}`);
    }
    if (/\b(index|get|pluck|dig)\s+\(?\s*(\$[A-Za-z0-9_]*)?\.Values/.test(code)) {
      violations.push(`${file}: dynamic lookup on .Values: {{ ${body} }}`);
    }
    const assignment = /^\$([A-Za-z0-9_]+)\s*:?=\s*(.*)$/.exec(code);
    if (assignment !== null && /\.Values\b/.test(assignment[2])) valueVariables.add(assignment[1]);
    for (const variable of valueVariables) {
      if (new RegExp(`\\$${variable}\\.[A-Za-z_]`).test(code)) {
        violations.push(`${file}: field of $${variable}, a variable bound to values: {{ ${body} }}`);
      }
    }

    // Relative references `.a.b` (not `.Values`, not `$x.a`), resolved against the current context.
    const withoutValues = code.replace(VALUES_PATH, ' ').replace(/\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+/g, ' ');
    for (const match of withoutValues.matchAll(/(?:^|[\s(|,])\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g)) {
      const relativePath = match[1];
      if (top.rangeItem) violations.push(`${file}: field of a range item over values: {{ ${body} }}`);
      else if (top.context !== undefined) paths.add(`${top.context}.${relativePath}`);
      else if (!ROOT_OBJECTS.has(relativePath.split('.')[0])) violations.push(`${file}: unknown root field .${relativePath}: {{ ${body} }}`);
    }

    const opener = /^(if|with|range|define|block)\b\s*(.*)$/.exec(code);
    if (opener !== null) {
      const [, kind, expression] = opener;
      const subject = /^(?:\$[A-Za-z0-9_]*)?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/.exec(expression.trim());
      if (kind === 'with') stack.push({ kind, context: subject?.[1].slice(1) ?? top.context });
      else if (kind === 'range') stack.push({ kind, rangeItem: subject !== null });
      else if (kind === 'define') stack.push({ kind });
      else stack.push({ kind, context: top.context, rangeItem: top.rangeItem });
    } else if (/^else\b/.test(code)) {
      // In the else branch of a `with`, `.` is the enclosing context again.
      const frame = stack[stack.length - 1];
      if (frame.kind === 'with') frame.context = stack[stack.length - 2]?.context;
    } else if (/^end\b/.test(code)) {
      stack.pop();
      if (stack.length === 0) violations.push(`${file}: unbalanced {{ end }}`);
    }
  }
  if (stack.length !== 1) violations.push(`${file}: ${stack.length - 1} block(s) left open`);
  return { paths, violations };
}
