// The search-traffic chart: inline SVG, QPS on top, p50/p99 latency below, sharing the time axis.
import { fmt, h, s } from './dom.js';

const PAD = { left: 46, right: 12, top: 16 };
const QPS_HEIGHT = 64;
const GAP = 30;
const LATENCY_HEIGHT = 84;
const AXIS = 20;

/** The smallest 1, 2 or 5 × 10^k at or above v (a readable axis maximum). */
function niceCeil(v) {
  if (!(v > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * exp).find((m) => m >= v);
}

/** A path through the points, broken where a value is null (no searches in that bucket). */
function linePath(points) {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (y === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Points with no neighbour drawn (a lone busy bucket): a path through one point shows nothing. */
function loneDots(points, cls) {
  return points.flatMap(([x, y], i) => (y !== null && points[i - 1]?.[1] == null && points[i + 1]?.[1] == null ? [s('circle', { cx: x, cy: y, r: 2.5, class: cls })] : []));
}

/** Axis labels: at most 3 significant digits, no trailing zeros. */
function tickLabel(v) {
  return String(Number(v.toPrecision(3)));
}

function panel(x0, x1, top, height, max, label) {
  return [
    s('line', { x1: x0, x2: x1, y1: top + height, y2: top + height, class: 'axis' }),
    s('line', { x1: x0, x2: x1, y1: top, y2: top, class: 'grid' }),
    s('line', { x1: x0, x2: x1, y1: top + height / 2, y2: top + height / 2, class: 'grid' }),
    s('text', { x: x0 - 6, y: top + 4, class: 'tick', 'text-anchor': 'end' }, tickLabel(max)),
    s('text', { x: x0 - 6, y: top + height / 2 + 4, class: 'tick', 'text-anchor': 'end' }, tickLabel(max / 2)),
    s('text', { x: x0 - 6, y: top + height + 4, class: 'tick', 'text-anchor': 'end' }, '0'),
    s('text', { x: x0 + 4, y: top - 5, class: 'panel-label' }, label),
  ];
}

/** Draws `traffic` (GET /v1/dashboard's traffic section) into the container, sized to its width. */
export function renderTraffic(container, traffic) {
  const buckets = traffic.buckets;
  const width = Math.max(360, Math.floor(container.clientWidth));
  const height = PAD.top + QPS_HEIGHT + GAP + LATENCY_HEIGHT + AXIS;
  const x0 = PAD.left;
  const x1 = width - PAD.right;
  const step = (x1 - x0) / buckets.length;
  const xOf = (i) => x0 + (i + 0.5) * step;
  const qpsMax = niceCeil(Math.max(...buckets.map((b) => b.qps)));
  const latMax = niceCeil(Math.max(...buckets.map((b) => b.p99Ms ?? 0)));
  const qpsTop = PAD.top;
  const latTop = PAD.top + QPS_HEIGHT + GAP;
  const yQps = (v) => qpsTop + QPS_HEIGHT - (v / qpsMax) * QPS_HEIGHT;
  const yLat = (v) => (v === null ? null : latTop + LATENCY_HEIGHT - (Math.min(v, latMax) / latMax) * LATENCY_HEIGHT);

  const qpsPoints = buckets.map((b, i) => [xOf(i), yQps(b.qps)]);
  const p50Points = buckets.map((b, i) => [xOf(i), yLat(b.p50Ms)]);
  const p99Points = buckets.map((b, i) => [xOf(i), yLat(b.p99Ms)]);
  const area = `${linePath(qpsPoints)}L${xOf(buckets.length - 1).toFixed(1)},${qpsTop + QPS_HEIGHT}L${xOf(0).toFixed(1)},${qpsTop + QPS_HEIGHT}Z`;
  const ticks = buckets.flatMap((b, i) => (b.start % 300_000 === 0 ? [s('text', { x: xOf(i) - step / 2, y: height - 4, class: 'tick', 'text-anchor': 'middle' }, fmt.clock(b.start))] : []));
  const hovers = buckets.map((b, i) =>
    s(
      'rect',
      { x: x0 + i * step, y: PAD.top, width: step, height: QPS_HEIGHT + GAP + LATENCY_HEIGHT, class: 'hover' },
      s('title', {}, `${new Date(b.start).toLocaleTimeString('en-GB')}${b.partial ? ' (current)' : ''}: ${fmt.int(b.count)} searches, ${fmt.qps(b.qps)}/s, p50 ${fmt.ms(b.p50Ms)} ms, p99 ${fmt.ms(b.p99Ms)} ms${b.errors ? `, ${b.errors} errors` : ''}`),
    ),
  );

  const svgEl = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'Searches per second and latency over the last 15 minutes' },
    panel(x0, x1, qpsTop, QPS_HEIGHT, qpsMax, 'searches / s'),
    panel(x0, x1, latTop, LATENCY_HEIGHT, latMax, 'latency ms (p50, p99)'),
    s('path', { d: area, class: 'qps-area' }),
    s('path', { d: linePath(qpsPoints), class: 'qps-line' }),
    s('path', { d: linePath(p99Points), class: 'p99-line' }),
    s('path', { d: linePath(p50Points), class: 'p50-line' }),
    loneDots(p99Points, 'p99-dot'),
    loneDots(p50Points, 'p50-dot'),
    buckets.flatMap((b, i) => (b.count > 0 ? [s('circle', { cx: xOf(i), cy: yQps(b.qps), r: 2, class: 'qps-dot' })] : [])),
    ticks,
    hovers,
  );
  container.replaceChildren(svgEl);
}

/** The legend line above the chart: last-minute figures and what is counted. */
export function trafficNote(traffic) {
  const m = traffic.lastMinute;
  return h(
    'span',
    {},
    `last ${Math.round(m.seconds)} s: `,
    h('b', { 'data-testid': 'qps-minute' }, fmt.qps(m.qps)),
    '/s · ',
    h('span', { class: 'swatch p50' }),
    `p50 ${fmt.ms(m.p50Ms)} ms · `,
    h('span', { class: 'swatch p99' }),
    `p99 ${fmt.ms(m.p99Ms)} ms · ${traffic.bucketSeconds} s buckets, this coordinator, ±${fmt.pct(traffic.relativeError)}`,
  );
}
