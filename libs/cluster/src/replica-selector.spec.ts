import { ClusterError, ClusterErrorCode } from './cluster.error';
import { ReplicaSelector } from './replica-selector';
import { ReplicaState } from './replica-state';

const active = (...ids: string[]) => ids.map((id) => ({ id, state: ReplicaState.Active }));

function selectorWithClock(): { selector: ReplicaSelector; clock: { t: number } } {
  const clock = { t: 1_000 };
  return { selector: new ReplicaSelector({ now: () => clock.t }), clock };
}

describe('ReplicaSelector', () => {
  it('spreads sequential requests evenly (round-robin among equally idle replicas)', () => {
    const { selector } = selectorWithClock();
    selector.setReplicas(0, active('a', 'b', 'c'));
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    const order: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const lease = selector.acquire(0);
      counts[lease.replica]++;
      if (i < 6) order.push(lease.replica);
      lease.release();
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(counts).toEqual({ a: 1000, b: 1000, c: 1000 });
  });

  it('picks the replica with the fewest requests in flight', () => {
    const { selector } = selectorWithClock();
    selector.setReplicas(0, active('a', 'b', 'c'));
    const first = selector.acquire(0);
    const second = selector.acquire(0);
    expect([first.replica, second.replica]).toEqual(['a', 'b']);
    const third = selector.acquire(0);
    expect(third.replica).toBe('c');
    second.release();
    expect(selector.acquire(0).replica).toBe('b');
    expect(selector.outstanding('a')).toBe(1);
    expect(selector.outstanding('b')).toBe(1);
  });

  it('sends fewer requests to a replica that answers slowly', () => {
    const { selector } = selectorWithClock();
    selector.setReplicas(0, active('slow', 'fast1', 'fast2'));
    const latency: Record<string, number> = { slow: 8, fast1: 2, fast2: 2 };
    const counts: Record<string, number> = { slow: 0, fast1: 0, fast2: 0 };
    const pending: { doneAt: number; release: () => void }[] = [];
    for (let tick = 0; tick < 3000; tick++) {
      for (let i = pending.length - 1; i >= 0; i--) {
        if (pending[i].doneAt <= tick) pending.splice(i, 1)[0].release();
      }
      for (let r = 0; r < 2; r++) {
        const lease = selector.acquire(0);
        counts[lease.replica]++;
        pending.push({ doneAt: tick + latency[lease.replica], release: lease.release });
      }
    }
    // With least-outstanding each replica holds about the same number in flight, so throughput follows speed.
    expect(counts.slow).toBeLessThan(counts.fast1 / 2);
    expect(Math.abs(counts.fast1 - counts.fast2)).toBeLessThan(counts.fast1 * 0.05);
  });

  it('counts load per process across shards', () => {
    const { selector } = selectorWithClock();
    selector.setReplicas(0, active('a', 'b'));
    selector.setReplicas(1, active('a', 'b'));
    const busy = selector.acquire(0);
    expect(busy.replica).toBe('a');
    expect(selector.acquire(1).replica).toBe('b');
  });

  it('skips a failed replica until its cool-down ends, then uses it again', () => {
    const { selector, clock } = selectorWithClock();
    selector.setReplicas(0, active('a', 'b'));
    selector.markFailed('a', clock.t + 500);
    for (let i = 0; i < 5; i++) {
      const lease = selector.acquire(0);
      expect(lease.replica).toBe('b');
      lease.release();
    }
    clock.t += 500;
    const seen = new Set([selector.acquire(0).replica, selector.acquire(0).replica]);
    expect(seen).toEqual(new Set(['a', 'b']));
  });

  it('still uses a failed replica when it is the only one left, soonest recovery first', () => {
    const { selector, clock } = selectorWithClock();
    selector.setReplicas(0, active('solo'));
    selector.markFailed('solo', clock.t + 10_000);
    expect(selector.acquire(0).replica).toBe('solo');

    selector.setReplicas(1, active('x', 'y'));
    selector.markFailed('x', clock.t + 900);
    selector.markFailed('y', clock.t + 300);
    expect(selector.candidates(1)).toEqual(['y', 'x']);
    selector.markHealthy('x');
    expect(selector.candidates(1)).toEqual(['x', 'y']);
  });

  it('keeps the later deadline when a replica fails twice', () => {
    const { selector, clock } = selectorWithClock();
    selector.setReplicas(0, active('a', 'b'));
    selector.markFailed('a', clock.t + 1000);
    selector.markFailed('a', clock.t + 10);
    clock.t += 500;
    expect(selector.candidates(0)).toEqual(['b', 'a']);
  });

  it('orders retry candidates and honours exclusions without changing state', () => {
    const { selector, clock } = selectorWithClock();
    selector.setReplicas(0, [
      { id: 'a', state: ReplicaState.Active },
      { id: 'b', state: ReplicaState.Recovering },
      { id: 'c', state: ReplicaState.Active },
      { id: 'd', state: ReplicaState.Initializing },
      { id: 'e', state: ReplicaState.Active },
      { id: 'f', state: ReplicaState.Dead },
    ]);
    const held = selector.acquire(0); // 'a'
    selector.markFailed('c', clock.t + 100);
    expect(selector.candidates(0)).toEqual(['e', 'a', 'c']);
    expect(selector.candidates(0)).toEqual(['e', 'a', 'c']);
    expect(selector.candidates(0, ['e'])).toEqual(['a', 'c']);
    expect(selector.acquire(0, ['e']).replica).toBe('a');
    expect(held.replica).toBe('a');
    expect(selector.candidates(7)).toEqual([]);
  });

  it('fails with NO_LIVE_REPLICA and the numbers when nothing is left', () => {
    const { selector } = selectorWithClock();
    selector.setReplicas(3, [
      { id: 'a', state: ReplicaState.Active },
      { id: 'b', state: ReplicaState.Recovering },
    ]);
    let error: unknown;
    try {
      selector.acquire(3, ['a']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).code).toBe(ClusterErrorCode.NoLiveReplica);
    expect((error as ClusterError).details).toEqual({ shard: 3, replicas: 2, excluded: 1 });
    expect((error as ClusterError).message).toContain('b=recovering');
    expect(() => selector.acquire(9)).toThrow(/shard 9 has no active replica/);
  });

  it('releases idempotently and keeps counts across replica-set changes', () => {
    const { selector } = selectorWithClock();
    selector.setReplicas(0, active('a', 'b'));
    const lease = selector.acquire(0);
    selector.setReplicas(0, active('b', 'a'));
    expect(selector.outstanding('a')).toBe(1);
    expect(selector.acquire(0).replica).toBe('b');
    lease.release();
    lease.release();
    expect(selector.outstanding('a')).toBe(0);
    expect(selector.outstanding('b')).toBe(1);
  });

  it('rejects duplicate replica ids and bad shard numbers', () => {
    const { selector } = selectorWithClock();
    expect(() => selector.setReplicas(0, active('a', 'a'))).toThrow(ClusterError);
    expect(() => selector.setReplicas(-1, active('a'))).toThrow(ClusterError);
  });

  it('makes the same choices for the same clock and calls', () => {
    const run = (): string[] => {
      const { selector, clock } = selectorWithClock();
      selector.setReplicas(0, active('a', 'b', 'c', 'd'));
      const picks: string[] = [];
      const held: (() => void)[] = [];
      for (let i = 0; i < 200; i++) {
        clock.t += 7;
        const lease = selector.acquire(0);
        picks.push(lease.replica);
        if (i % 3 === 0) held.push(lease.release);
        else lease.release();
        if (i % 11 === 0) selector.markFailed(lease.replica, clock.t + 50);
        if (i % 5 === 0) held.shift()?.();
      }
      return picks;
    };
    expect(run()).toEqual(run());
  });
});
