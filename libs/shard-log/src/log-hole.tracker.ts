/**
 * Remembers when a reader first saw each hole (a missing seq with a later segment present), per
 * shard. A hole's age is what decides sealing, so a writer slower than the timeout loses its seq
 * while a merely slow one (still within it) is waited for.
 */
export class LogHoleTracker {
  private readonly firstSeen = new Map<string, Map<number, number>>();

  /** Records `seq` as missing at `now` (keeping an earlier sighting) and returns how long it has been missing. */
  age(shardKey: string, seq: number, now: number): number {
    let holes = this.firstSeen.get(shardKey);
    if (holes === undefined) {
      holes = new Map();
      this.firstSeen.set(shardKey, holes);
    }
    const since = holes.get(seq) ?? now;
    holes.set(seq, since);
    return now - since;
  }

  /** Drops holes at or below `seq`: the reader has moved past them (sealed or filled). */
  forgetThrough(shardKey: string, seq: number): void {
    const holes = this.firstSeen.get(shardKey);
    if (holes === undefined) return;
    for (const hole of holes.keys()) if (hole <= seq) holes.delete(hole);
    if (holes.size === 0) this.firstSeen.delete(shardKey);
  }

  /** How many holes are remembered, for tests and metrics. */
  get size(): number {
    let total = 0;
    for (const holes of this.firstSeen.values()) total += holes.size;
    return total;
  }
}
