import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './compose-file';

interface Rule {
  pattern: RegExp;
  exclude: boolean;
}

/** A .dockerignore pattern as a regular expression over context-relative paths (`**`, `*`, `?`). */
function toRegExp(pattern: string): RegExp {
  const clean = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < clean.length; i++) {
    const char = clean[i];
    if (char === '*' && clean[i + 1] === '*') {
      const slash = clean[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The root .dockerignore's rules, in order (later rules win, `!` re-includes). */
export function loadDockerignore(text = readFileSync(join(ROOT, '.dockerignore'), 'utf8')): (path: string) => boolean {
  const rules: Rule[] = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => (line.startsWith('!') ? { pattern: toRegExp(line.slice(1)), exclude: false } : { pattern: toRegExp(line), exclude: true }));
  /** True when `path` (context-relative, `/`-separated) is left out of the build context. */
  return (path: string) => {
    const parts = path.split('/');
    let excluded = false;
    for (const rule of rules) {
      // A pattern that matches a parent directory excludes everything under it.
      for (let n = 1; n <= parts.length; n++) {
        if (rule.pattern.test(parts.slice(0, n).join('/'))) {
          excluded = rule.exclude;
          break;
        }
      }
    }
    return excluded;
  };
}
