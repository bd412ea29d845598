// Where the CPU of a benchmark round went, per side: the bench process itself (the load
// generator and the baseline's hashing), the web server's process group, and the PostgreSQL
// processes the bench started. Read from /proc, so Linux only; elsewhere the split is left out.
// With 2 cores shared by all three, CPU per sign-in, not wall time, is what decides the ratio.
import { existsSync, readdirSync, readFileSync } from "node:fs";

export type CpuSides = { client: number; web: number; postgres: number; webMainThread: number };

const ticksPerSecond = 100; // USER_HZ on Linux

type ProcStat = { pid: number; ppid: number; pgrp: number; cpuSeconds: number; reapedChildrenCpuSeconds: number };

function readStat(pid: string): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces; the fields after it are plain.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return {
      pid: Number(pid),
      ppid: Number(fields[1]),
      pgrp: Number(fields[2]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
      reapedChildrenCpuSeconds: (Number(fields[13]) + Number(fields[14])) / ticksPerSecond,
    };
  } catch {
    return null; // exited while we looked
  }
}

/**
 * CPU seconds used so far by each side; null where /proc is not available. `webGroup` is the
 * server under measurement (the web app, or the floor server); `ignoredGroups` are the bench's
 * other servers, idle meanwhile and counted on no side.
 */
export function cpuSnapshot(webGroup: number | undefined, ignoredGroups: (number | undefined)[] = []): CpuSides | null {
  if (!existsSync("/proc/self/stat")) return null;
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(readStat)
    .filter((stat): stat is ProcStat => stat !== null);
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  const isDescendantOf = (stat: ProcStat, ancestor: number) => {
    for (let current: ProcStat | undefined = stat; current && current.pid > 1; current = byPid.get(current.ppid)) {
      if (current.ppid === ancestor) return true;
    }
    return false;
  };
  const sides: CpuSides = { client: 0, web: 0, postgres: 0, webMainThread: 0 };
  // The web server's JavaScript (HTTP, tRPC, core, the pg driver) runs on its main thread; the
  // hash and V8's garbage-collection helpers on other threads.
  if (webGroup !== undefined) sides.webMainThread = readStat(`${webGroup}/task/${webGroup}`)?.cpuSeconds ?? 0;
  for (const stat of stats) {
    if (ignoredGroups.includes(stat.pgrp)) continue;
    if (stat.pid === process.pid) sides.client += stat.cpuSeconds;
    else if (webGroup !== undefined && stat.pgrp === webGroup) sides.web += stat.cpuSeconds;
    // The embedded server is our own child (its backends, its grandchildren). A backend that has
    // exited (a pool closing an idle connection) lives on in its parent's reaped-children time.
    else if (isDescendantOf(stat, process.pid)) sides.postgres += stat.cpuSeconds + stat.reapedChildrenCpuSeconds;
  }
  return sides;
}

/** Milliseconds of CPU per operation on each side between two snapshots. */
export function cpuPerOperation(before: CpuSides | null, after: CpuSides | null, operations: number): CpuSides | null {
  if (!before || !after || operations === 0) return null;
  const per = (side: keyof CpuSides) => ((after[side] - before[side]) * 1000) / operations;
  return { client: per("client"), web: per("web"), postgres: per("postgres"), webMainThread: per("webMainThread") };
}
