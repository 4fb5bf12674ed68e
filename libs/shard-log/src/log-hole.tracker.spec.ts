import { LogHoleTracker } from './log-hole.tracker';

describe('LogHoleTracker', () => {
  it('ages a hole from its first sighting, per shard, and forgets holes the reader passed', () => {
    const tracker = new LogHoleTracker();
    expect(tracker.age('c/0', 5, 1000)).toBe(0);
    expect(tracker.age('c/0', 5, 1700)).toBe(700);
    expect(tracker.age('c/0', 6, 1700)).toBe(0);
    expect(tracker.age('c/1', 5, 1800)).toBe(0);
    tracker.forgetThrough('c/0', 5);
    expect(tracker.size).toBe(2);
    expect(tracker.age('c/0', 6, 2000)).toBe(300);
    tracker.forgetThrough('c/0', 6);
    tracker.forgetThrough('c/1', 9);
    tracker.forgetThrough('never/seen', 1);
    expect(tracker.size).toBe(0);
  });
});
