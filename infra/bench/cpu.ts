// Where a benchmark's CPU went, process by process (Linux /proc): the node processes, the NATS
// server, PostgreSQL's backends and the machine as a whole over one measured window. Elsewhere (no
// /proc) every figure is undefined and the benchmark says so instead of printing zeros.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Clock ticks a second of /proc's utime and stime (USER_HZ; 100 on every Linux we run on). */
const HZ = 100;

/** utime + stime of `pid` in ticks; undefined when it is gone or there is no /proc. */
function ticks(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** Pids whose command name is `name` (pgrep -x), or of `user` (pgrep -u); none when pgrep fails. */
function pgrep(args: readonly string[]): number[] {
  try {
    return execFileSync('pgrep', args, { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Busy and total ticks of the whole machine (all cores). */
function machine(): { busy: number; total: number } | undefined {
  try {
    const t = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (t[3] ?? 0) + (t[4] ?? 0);
    const total = t.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Cores' worth of CPU (1 = one core busy) each part used over a window. */
export interface CpuShares {
  readonly nodes: readonly (number | undefined)[];
  readonly nats: number | undefined;
  readonly postgres: number | undefined;
  /** The whole machine, every process included (this benchmark's and anything else running). */
  readonly machine: number | undefined;
  readonly cores: number;
}

/** Starts a window over `nodePids`, the nats-server and postgres processes; `end()` gives the shares. */
export function cpuWindow(nodePids: readonly number[]): { end(): CpuShares } {
  const t0 = performance.now();
  const start = { nodes: nodePids.map(ticks), nats: new Map(pgrep(['-x', 'nats-server']).map((p) => [p, ticks(p) ?? 0])), postgres: new Map(pgrep(['-x', 'postgres']).map((p) => [p, ticks(p) ?? 0])), machine: machine() };
  return {
    end() {
      const sec = (performance.now() - t0) / 1000;
      const share = (t: number) => t / HZ / sec;
      // Backends that started during the window count from zero; those that ended are lost (rare: pooled).
      const grown = (before: Map<number, number>, now: readonly number[]) => (now.length || before.size ? share(now.reduce((s, p) => s + Math.max(0, (ticks(p) ?? 0) - (before.get(p) ?? 0)), 0)) : undefined);
      const m = machine();
      const cores = availableParallelism();
      return {
        nodes: nodePids.map((p, i) => {
          const a = start.nodes[i];
          const b = ticks(p);
          return a === undefined || b === undefined ? undefined : share(b - a);
        }),
        nats: grown(start.nats, pgrep(['-x', 'nats-server'])),
        postgres: grown(start.postgres, pgrep(['-x', 'postgres'])),
        machine: m && start.machine ? ((m.busy - start.machine.busy) / (m.total - start.machine.total)) * cores : undefined,
        cores,
      };
    },
  };
}

/** "nodes 0.98 + 0.97, nats-server 0.05, postgres 0.41, machine 1.97 of 2 cores". */
export function describeCpu(c: CpuShares): string {
  const f = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2));
  return `CPU in cores: node${c.nodes.length > 1 ? 's' : ''} ${c.nodes.map(f).join(' + ')}, nats-server ${f(c.nats)}, postgres ${f(c.postgres)}, machine ${f(c.machine)} of ${c.cores}`;
}
