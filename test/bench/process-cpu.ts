import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; this process's own via process.cpuUsage. */
export function cpuSeconds(pid: number): number {
  if (pid === process.pid) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Where the CPU of a run goes: the CPU milliseconds each named process spent per operation while
 * `run` ran. On a machine whose cores are all busy this is the cost model of a query, process by process.
 */
export async function cpuPerOperation<T extends { count: number }>(
  processes: Record<string, number>,
  run: () => Promise<T>,
): Promise<{ result: T; msPerOperation: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const result = await run();
  const msPerOperation = Object.fromEntries(
    Object.entries(processes).map(([name, pid]) => [name, ((cpuSeconds(pid) - before[name]) * 1000) / Math.max(1, result.count)]),
  );
  return { result, msPerOperation };
}
