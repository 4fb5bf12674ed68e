import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeLogSegment, encodeLogSegment, type LogOp } from '@shoal/contracts';
import { GenerationStore, ShardLogReader, ShardLogWriter, SnapshotStore } from '@shoal/shard-log';
import { createObjectStore, segmentKey, type ObjectStore } from '@shoal/storage';
import { tempDir, waitFor } from '@shoal/testing';
import pino from 'pino';
import { ReplicaPartition, type ReplicaPartitionOptions } from './replica-partition';
import type { PlacedCollection } from '@shoal/replica';

const HOLE_MS = 150;
const silent = pino({ level: 'silent' });

describe('ReplicaPartition', () => {
  let root: string;
  let store: ObjectStore;
  let seqs: Map<string, number>;
  let writer: ShardLogWriter;
  let collection: PlacedCollection;
  let replicas: ReplicaPartition[];
  let readAfterCalls: number[];
  let counter = 0;

  const allocate = async (c: string, s: number): Promise<number> => {
    const next = (seqs.get(`${c}/${s}`) ?? 0) + 1;
    seqs.set(`${c}/${s}`, next);
    return next;
  };

  /** Appends one segment: `ops` in order, upserts taking the given 2-d vectors. */
  const write = async (ops: LogOp[], vectors: number[][] = []) =>
    writer.append({ collection: collection.name, shard: 0, dimension: 2, ops, values: Float32Array.from(vectors.flat()) });
  const upsert = (...ids: string[]): LogOp[] => ids.map((id) => ({ op: 'upsert', id }));

  function replica(overrides: Partial<ReplicaPartitionOptions> = {}): ReplicaPartition {
    const reader = new ShardLogReader(store, { holeMs: HOLE_MS });
    const created = new ReplicaPartition({
      collection,
      shard: 0,
      dir: join(root, 'replicas', collection.name, '0'),
      backend: 'mock',
      snapshots: new SnapshotStore(store),
      generations: new GenerationStore(store),
      log: {
        readAfter: (c, s, after) => {
          readAfterCalls.push(after);
          return reader.readAfter(c, s, after);
        },
      },
      logger: silent,
      snapshotEvery: 1000,
      snapshotIntervalMs: 3_600_000,
      pollMs: 3_600_000,
      ...overrides,
    });
    replicas.push(created);
    return created;
  }

  beforeAll(async () => {
    root = await tempDir('shoal-replica-');
    store = await createObjectStore({ kind: 'fs', root: join(root, 'objects') });
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  beforeEach(() => {
    seqs = new Map();
    writer = new ShardLogWriter(store, allocate);
    collection = { name: `c${++counter}`, dimension: 2, metric: 'l2', index: { type: 'flat' }, generation: 0, createdAt: '2026-11-25T10:00:00.000Z' };
    replicas = [];
    readAfterCalls = [];
  });

  afterEach(() => Promise.all(replicas.map((r) => r.close())));

  it('applies segments in seq order with upsert-replaces and deletes', async () => {
    await write([...upsert('a', 'b'), { op: 'upsert', id: 'm', metadata: { tag: 'x' } }], [[1, 1], [2, 2], [3, 3]]);
    await write([{ op: 'upsert', id: 'a' }, { op: 'delete', id: 'b' }], [[9, 9]]);
    await write(upsert('c'), [[4, 4]]);
    const r = replica();
    expect(r.state).toBe('recovering');
    await r.start();
    expect(r.status()).toEqual({ collection: collection.name, shard: 0, appliedSeq: 3, vectors: 3, backend: 'exact_mock', exact: true, state: 'active', generation: 0, indexBytesPerVector: expect.any(Number) });
    expect(r.get('a')?.values).toEqual(Float32Array.from([9, 9]));
    expect(r.get('b')).toBeUndefined();
    expect(r.get('m')?.metadata).toEqual({ tag: 'x' });
    const [hits] = await r.search(Float32Array.from([4, 4]), { k: 2 });
    expect(hits.map((h) => h.id)).toEqual(['c', 'm']);
  });

  it('applies a notified next segment at once and catches up from the store after a gap', async () => {
    const r = replica();
    await r.start();
    const first = await write(upsert('a'), [[1, 1]]);
    expect(await r.notify(decodeLogSegment(first.bytes))).toBe(1);
    expect(readAfterCalls).toEqual([0]);
    await write(upsert('b'), [[2, 2]]);
    const third = await write(upsert('c'), [[3, 3]]);
    expect(await r.notify(decodeLogSegment(third.bytes))).toBe(1);
    await waitFor(() => r.appliedSeq === 3, { description: 'catch-up to seq 3' });
    expect(r.status().vectors).toBe(3);
  });

  it('snapshots, then recovers from the local directory replaying only the segments after it', async () => {
    await write(upsert('a', 'b'), [[1, 1], [2, 2]]);
    await write(upsert('a'), [[5, 5]]);
    const first = replica();
    await first.start();
    expect(await first.snapshot()).toBe(2);
    await first.close();
    await write([{ op: 'delete', id: 'b' }, ...upsert('d')], [[7, 7]]);

    readAfterCalls = [];
    const second = replica();
    await second.start();
    expect(readAfterCalls[0]).toBe(2);
    expect(second.appliedSeq).toBe(3);
    expect(second.get('a')?.values).toEqual(Float32Array.from([5, 5]));
    expect(second.get('b')).toBeUndefined();
    expect(second.status().vectors).toBe(2);
  });

  it('recovers from the store with an empty local disk', async () => {
    await write(upsert('a', 'b', 'c'), [[1, 1], [2, 2], [3, 3]]);
    await write([{ op: 'delete', id: 'c' }]);
    const first = replica();
    await first.start();
    await first.snapshot();
    await first.destroy();
    await write(upsert('e'), [[4, 4]]);

    readAfterCalls = [];
    const second = replica();
    await second.start();
    expect(readAfterCalls[0]).toBe(2);
    expect(second.appliedSeq).toBe(3);
    const [hits] = await second.search(Float32Array.from([0, 0]), { k: 10 });
    expect(hits.map((h) => h.id)).toEqual(['a', 'b', 'e']);
  });

  it('snapshots on its own every SHOAL_SNAPSHOT_EVERY segments', async () => {
    const r = replica({ snapshotEvery: 2, pollMs: 20 });
    await r.start();
    await write(upsert('a'), [[1, 1]]);
    await write(upsert('b'), [[2, 2]]);
    const snapshots = new SnapshotStore(store);
    await waitFor(async () => (await snapshots.latest(collection.name, 0))?.seq === 2, { description: 'snapshot at seq 2' });
  });

  it('waits at a young hole, then proceeds once it is sealed', async () => {
    await write(upsert('a'), [[1, 1]]);
    await allocate(collection.name, 0); // seq 2: a writer that never stores its segment
    await write(upsert('c'), [[3, 3]]);
    const r = replica();
    await r.start();
    expect(r.appliedSeq).toBe(1);
    const started = Date.now();
    expect(await r.waitForSeq(3, 5000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(HOLE_MS - 20);
    expect(r.status().vectors).toBe(2);
  });

  it('applies a late segment that fills the hole before it times out', async () => {
    await write(upsert('a'), [[1, 1]]);
    const late = await allocate(collection.name, 0);
    await write(upsert('c'), [[3, 3]]);
    const r = replica();
    await r.start();
    const segment = { collection: collection.name, shard: 0, seq: late, dimension: 2, ops: upsert('b'), values: Float32Array.from([2, 2]) };
    await store.putIfAbsent(segmentKey(collection.name, 0, late), encodeLogSegment(segment));
    expect(await r.waitForSeq(3, 5000)).toBe(true);
    expect(r.get('b')).toBeDefined();
  });

  it('gives up waiting for a sequence number at the deadline', async () => {
    const r = replica();
    await r.start();
    expect(await r.waitForSeq(1, 50)).toBe(false);
  });

  it('ignores local files of an earlier collection with the same name', async () => {
    await write(upsert('a'), [[1, 1]]);
    const first = replica();
    await first.start();
    await first.snapshot();
    await first.close();
    await new SnapshotStore(store).deleteCollection(collection.name);
    collection = { ...collection, createdAt: '2026-11-26T00:00:00.000Z' };
    seqs.clear();
    await write(upsert('z'), [[1, 1]]);
    const second = replica();
    await second.start();
    expect(second.get('a')).toBeUndefined();
    expect(second.get('z')).toBeDefined();
  });

  it('refuses searches until recovered', async () => {
    const r = replica();
    expect(() => r.get('a')).toThrow('still recovering');
  });
});
