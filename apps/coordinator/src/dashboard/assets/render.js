// Renders each section of GET /v1/dashboard into its container (see index.html).
import { renderTraffic as drawTraffic, trafficNote } from './chart.js';
import { fmt, h, mount } from './dom.js';

/** What each backend really is; the mock must never pass for Faiss. */
const BACKENDS = {
  exact_mock: { label: 'exact brute force (mock)', tone: 'warn', hint: 'The mock backend: an O(N) exact scan, for development. Not Faiss.' },
  faiss_ivfpq: { label: 'Faiss IVF-PQ', tone: 'ok', hint: 'Approximate search over product-quantized codes.' },
  faiss_flat: { label: 'Faiss flat (exact)', tone: 'info', hint: 'Faiss exact search, before the first training.' },
  unknown: { label: 'unknown (older worker)', tone: 'muted', hint: 'The worker does not report its backend.' },
};

function backendBadge(name) {
  const b = BACKENDS[name] ?? { label: name, tone: 'muted', hint: '' };
  return h('span', { class: `badge badge-${b.tone}`, title: b.hint, 'data-backend': name }, b.label);
}

/** What a collection's state means for its searches. */
const COLLECTION_STATES = {
  exact: 'not trained: exact search',
  training: 'training a new generation',
  building: 'building shard indexes',
  ready: 'served by its trained index',
};

function stateBadge(state) {
  const tone = { active: 'ok', ready: 'ok', exact: 'info', recovering: 'warn', training: 'warn', building: 'warn', waiting: 'info', missing: 'bad', dead: 'bad', failed: 'bad', completed: 'muted' }[state] ?? 'muted';
  return h('span', { class: `badge badge-${tone}` }, state);
}

function table(head, rows, attrs = {}) {
  return h('table', attrs, h('thead', {}, h('tr', {}, head.map(([label, cls]) => h('th', { class: cls }, label)))), h('tbody', {}, rows));
}

function empty(text) {
  return h('p', { class: 'empty' }, text);
}

function unavailable(section, errors) {
  const error = errors.find((e) => e.section === section);
  return h('p', { class: 'empty bad' }, `unavailable: ${error?.message ?? 'no data'}`);
}

export function renderHeader(o) {
  const info = o.info;
  mount('identity', h('b', {}, o.coordinatorId), info ? ` · v${info.version} · up ${fmt.duration(info.uptimeSeconds)}` : '');
  const pill = document.getElementById('health-pill');
  const down = o.health.indicators.filter((i) => !i.up).map((i) => i.name);
  pill.className = `pill ${o.health.ready ? 'pill-ok' : 'pill-bad'}`;
  pill.textContent = o.health.ready ? 'ready' : `not ready: ${down.join(', ') || 'unknown'}`;
  mount('updated', `updated ${new Date(o.generatedAt).toLocaleTimeString('en-GB')}`);
}

export function renderTiles(o) {
  const collections = o.topology?.collections ?? [];
  const shardWorkers = o.topology?.members.filter((m) => m.role === 'shard').length;
  const replicas = collections.flatMap((c) => c.shards.flatMap((s) => s.replicas));
  const unhealthy = replicas.filter((r) => r.state !== 'active').length;
  const depth = o.queues?.reduce((sum, q) => sum + q.waiting + q.active + q.delayed, 0);
  const m = o.traffic.lastMinute;
  const tile = (label, value, sub, tone, testid) => h('div', { class: `tile ${tone ?? ''}`, 'data-testid': testid }, h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value' }, value), h('div', { class: 'tile-sub' }, sub));
  mount(
    'tiles',
    tile('Collections', o.topology ? fmt.int(collections.length) : '—', `${fmt.int(collections.reduce((n, c) => n + c.shards.length, 0))} shards`, '', 'tile-collections'),
    tile('Vectors', o.topology ? fmt.int(collections.reduce((n, c) => n + c.vectors, 0)) : '—', 'live, one replica per shard', '', 'tile-vectors'),
    tile('Replicas', o.topology ? fmt.int(replicas.length) : '—', !o.topology ? 'unavailable' : unhealthy ? `${unhealthy} not active` : 'all active', unhealthy ? 'tile-bad' : '', 'tile-replicas'),
    tile('Shard workers', fmt.int(shardWorkers), 'live heartbeats', '', 'tile-workers'),
    tile('Search QPS', fmt.qps(m.qps), `last ${Math.round(m.seconds)} s · ${fmt.int(m.count)} searches`, '', 'tile-qps'),
    tile('p50 / p99', `${fmt.ms(m.p50Ms)} / ${fmt.ms(m.p99Ms)}`, 'ms, last minute', '', 'tile-latency'),
    tile('Queue depth', depth === undefined ? '—' : fmt.int(depth), 'waiting + active + delayed', '', 'tile-queue'),
  );
}

export function renderTraffic(o) {
  mount('traffic-note', trafficNote(o.traffic));
  drawTraffic(document.getElementById('traffic'), o.traffic);
}

export function renderHealth(o) {
  mount(
    'health',
    o.health.indicators.map((i) => h('li', { class: i.up ? 'up' : 'down' }, h('span', { class: 'dot' }), h('b', {}, i.name), i.up ? ' up' : ` down — ${i.message ?? ''}`)),
  );
  const backends = Object.entries(o.info?.backends ?? {});
  mount('backends', backends.length === 0 ? h('li', { class: 'empty' }, o.info ? 'no live replica' : 'unavailable') : backends.map(([name, n]) => h('li', {}, backendBadge(name), ` ${fmt.int(n)} replica${n === 1 ? '' : 's'}`)));
}

function replicaChip(r) {
  const where = r.url ?? 'worker not live';
  const detail = r.state === 'missing' ? 'placed here, not reported by the worker' : `gen ${r.generation} · seq ${fmt.int(r.appliedSeq)} · lag ${fmt.int(r.lag)} · ${fmt.int(r.vectors)} vectors`;
  return h(
    'div',
    { class: `replica replica-${r.state}`, title: `${r.workerId} at ${where}${r.placed ? '' : ' (not in the placement: leftover)'}`, 'data-testid': 'replica', 'data-worker': r.workerId },
    h('div', { class: 'replica-head' }, h('span', { class: 'dot' }), h('b', {}, r.workerId), stateBadge(r.state), r.lag > 0 ? h('span', { class: 'badge badge-warn' }, `lag ${r.lag}`) : null),
    h('div', { class: 'replica-detail' }, detail),
    h('div', { class: 'replica-url' }, where),
  );
}

function collectionCard(c) {
  const index = c.index.type === 'ivf_pq' ? `IVF-PQ nlist ${c.index.nlist} · m ${c.index.m}${c.index.nbits ? ` · ${c.index.nbits} bits` : ''}` : 'flat';
  const rows = c.shards.map((s) =>
    h('tr', { 'data-testid': 'shard-row' }, h('td', { class: 'num' }, `#${s.shard}`), h('td', { class: 'num' }, fmt.int(s.vectors)), h('td', { class: 'num' }, fmt.int(s.headSeq)), h('td', {}, s.covered ? h('span', { class: 'badge badge-ok' }, 'covered') : h('span', { class: 'badge badge-bad' }, 'no active replica')), h('td', {}, h('div', { class: 'replicas' }, s.replicas.map(replicaChip)))),
  );
  return h(
    'article',
    { class: 'collection', 'data-testid': 'collection', 'data-collection': c.name },
    h(
      'header',
      {},
      h('h3', {}, c.name),
      h('span', { title: COLLECTION_STATES[c.state] ?? '' }, 'state ', stateBadge(c.state)),
      c.backends.length === 0 ? h('span', { class: 'badge badge-bad' }, 'no live replica') : c.backends.map(backendBadge),
      h('span', { class: 'facts' }, h('span', { 'data-testid': 'collection-vectors' }, fmt.int(c.vectors)), ' vectors · ', h('span', { 'data-testid': 'collection-shards' }, `${c.shards.length} shards`), ` × ${c.replicationFactor} replica${c.replicationFactor === 1 ? '' : 's'} · d=${c.dimension} ${c.metric} · ${index} · generation ${c.generation}${c.servingGeneration !== c.generation ? ` (serving ${c.servingGeneration})` : ''}${c.pending ? ` · building gen ${c.pending.generation} (job ${c.pending.jobId})` : ''}`),
    ),
    table([['shard', 'num'], ['vectors', 'num'], ['head seq', 'num'], ['coverage'], ['replicas (worker, state, generation, applied seq, lag)']], rows, { class: 'shards' }),
  );
}

export function renderTopology(o) {
  if (o.topology === null) return mount('topology', unavailable('topology', o.errors));
  const { collections } = o.topology;
  mount('topology', collections.length === 0 ? empty('No collections yet: POST /v1/collections creates one.') : collections.map(collectionCard));
}

export function renderQueues(o) {
  if (o.queues === null) mount('queues', unavailable('queues', o.errors));
  else {
    const rows = o.queues.map((q) => h('tr', {}, h('td', {}, q.queue), ...['waiting', 'active', 'delayed', 'failed', 'completed'].map((k) => h('td', { class: `num ${k === 'failed' && q[k] > 0 ? 'bad' : ''}` }, fmt.int(q[k])))));
    mount('queues', table([['queue'], ['waiting', 'num'], ['active', 'num'], ['delayed', 'num'], ['failed', 'num'], ['done', 'num']], rows, { 'data-testid': 'queue-table' }));
  }
  const members = o.topology?.members ?? [];
  mount('members', members.length === 0 ? empty('none live') : table([['id'], ['role'], ['url'], ['partitions', 'num'], ['up since']], members.map((m) => h('tr', {}, h('td', {}, m.id), h('td', {}, m.role), h('td', { class: 'mono' }, m.url), h('td', { class: 'num' }, m.role === 'shard' ? fmt.int(m.partitions) : ''), h('td', {}, fmt.ago(m.startedAt))))));
}

export function renderJobs(o) {
  if (o.recentJobs === null) return mount('jobs', unavailable('jobs', o.errors));
  if (o.recentJobs.length === 0) return mount('jobs', empty('No jobs yet: training, shard builds and imports show up here.'));
  const rows = o.recentJobs.map((j) =>
    h('tr', { title: j.error ?? '' }, h('td', { class: 'mono' }, j.id), h('td', {}, j.type), h('td', {}, j.collection), h('td', {}, stateBadge(j.state)), h('td', {}, h('div', { class: 'progress' }, h('progress', { max: 1, value: j.progress }), fmt.pct(j.progress))), h('td', {}, fmt.ago(j.createdAt)), h('td', {}, j.finishedAt ? fmt.ago(j.finishedAt) : '—'), h('td', { class: 'num' }, j.attempts), h('td', { class: 'error-cell' }, j.error ?? '')),
  );
  mount('jobs', table([['id'], ['type'], ['collection'], ['state'], ['progress'], ['created'], ['finished'], ['attempts', 'num'], ['last error']], rows));
}

export function renderAll(o) {
  renderHeader(o);
  renderTiles(o);
  renderTraffic(o);
  renderHealth(o);
  renderTopology(o);
  renderQueues(o);
  renderJobs(o);
}
