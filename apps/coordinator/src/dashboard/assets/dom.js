// Tiny DOM helpers: every value reaches the page as text (textContent), never as HTML.
const SVG_NS = 'http://www.w3.org/2000/svg';

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.setAttribute('class', value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element: h('td', { class: 'num' }, '42'). */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replaces the children of the element with that id. */
export function mount(id, ...children) {
  const el = document.getElementById(id);
  el.replaceChildren();
  fill(el, {}, children);
  return el;
}

const integer = new Intl.NumberFormat('en-US');

export const fmt = {
  int: (n) => (n === null || n === undefined ? '—' : integer.format(n)),
  ms: (v) => (v === null || v === undefined ? '—' : v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : integer.format(Math.round(v))),
  qps: (v) => (v === 0 ? '0' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : integer.format(Math.round(v))),
  pct: (f) => `${Math.round(f * 100)}%`,
  duration(seconds) {
    if (seconds < 60) return `${Math.floor(seconds)}s`;
    if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${Math.floor(seconds % 60)}s`;
    if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
    return `${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h`;
  },
  ago(iso, now = Date.now()) {
    const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
    return seconds < 5 ? 'just now' : `${fmt.duration(seconds)} ago`;
  },
  clock: (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }),
};
