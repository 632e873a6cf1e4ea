// `piyasa bench cluster`: the cluster on this machine — N one-loop node processes, one PostgreSQL, the
// NATS server at NATS_URL, each node's in-memory Telegram (no sandbox in the way of throughput).
// (1) delivered messages/s of the single-node product (`piyasa start`) and of 1, 2 and 3 nodes (the
// distributed path's cost, the scaling ratio), with the CPU each process used; (2) a message to an entity on another
// node and back (request/reply to a bot's actor) p50/p99, next to a bare NATS request/reply measured
// in the same run; (3) partitions per node after a fourth joins, and how long it took; (4) kill -9
// failover: detection and every partition of the dead node served again, as a histogram.
import { headers } from '@nats-io/transport-node';
import { encode } from '../../transport/index.ts';
import { numberFlag, type Flags } from '../cli/args.ts';
import { ClusterRun } from './cluster-run.ts';
import { flatOutConfig, loadConfig } from './cluster-config.ts';
import { measureKill } from './cluster-check.ts';
import { Progress } from './progress.ts';
import { cpuWindow, describeCpu, type CpuShares } from './cpu.ts';
import type { PiyasaProcess } from './cluster-proc.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))] ?? NaN;

async function settle(run: ClusterRun, nodes: readonly string[], ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    const leases = await run.leases();
    const holders = new Set(leases.values());
    if (leases.size === 64 && nodes.every((n) => holders.has(n)) && [...holders].every((h) => nodes.includes(h))) return Date.now() - start;
    await sleep(100);
  }
  throw new Error(`the cluster did not settle on ${nodes.join(', ')} within ${ms} ms`);
}

/** Messages Telegram accepted so far by `p` (its /metrics counter, every kind). */
async function sentBy(p: PiyasaProcess): Promise<number> {
  const url = p.stdout.match(/HTTP: (\S+)\/metrics/)?.[1];
  if (!url) throw new Error(`${p.name} printed no HTTP address`);
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('piyasa_messages_sent_total')).reduce((s, l) => s + Number(l.split(' ').pop()), 0);
}

/** Delivered messages/s of `procs` over `windowMs` (the sum of their /metrics send counters), and the
 * CPU each part of the machine used meanwhile. */
async function rate(procs: readonly PiyasaProcess[], windowMs: number): Promise<{ perSec: number; cpu: CpuShares }> {
  const sent = async () => (await Promise.all(procs.map(sentBy))).reduce((a, b) => a + b, 0);
  const a = await sent();
  const cpu = cpuWindow(procs.map((p) => p.pid));
  const t0 = Date.now();
  await sleep(windowMs);
  const shares = cpu.end();
  return { perSec: ((await sent()) - a) / ((Date.now() - t0) / 1000), cpu: shares };
}

/** The throughput lines: the single-node product, then 1, 2, 3 nodes, each with its CPU — per second
 * and per message (what a shared machine does not distort as much as the rate) — and the ceiling
 * those costs put on any number of nodes on this machine's cores. */
function printThroughput([single, ...nodes]: readonly { perSec: number; cpu: CpuShares }[]): void {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
  const us = (cores: number | undefined, r: { perSec: number }) => (cores === undefined ? undefined : (cores / r.perSec) * 1e6);
  const perMessage = (r: { perSec: number; cpu: CpuShares }) => {
    const node = us(r.cpu.nodes.every((x) => x !== undefined) ? r.cpu.nodes.reduce((a, b) => a! + b!, 0) : undefined, r);
    return { node, postgres: us(r.cpu.postgres, r), nats: us(r.cpu.nats, r) };
  };
  const line = (r: { perSec: number; cpu: CpuShares }) => {
    const m = perMessage(r);
    return `${describeCpu(r.cpu)}; µs CPU a message: node ${f(m.node ?? NaN)}, postgres ${f(m.postgres ?? NaN)}, nats-server ${f(m.nats ?? NaN)}`;
  };
  console.log('\nthroughput (delivered messages/s, one event loop per process):');
  console.log(`  piyasa start  ${f(single!.perSec)}/s   the single-node product: in-process bus, no NATS — ${line(single!)}`);
  nodes.forEach((r, i) => console.log(`  ${i + 1} node${i ? 's' : ' '}       ${f(r.perSec)}/s   ${i ? `×${(r.perSec / nodes[0]!.perSec).toFixed(2)} of one node` : `${((1 - r.perSec / single!.perSec) * 100).toFixed(1)} % below piyasa start`} — ${line(r)}`));
  const one = perMessage(nodes[0]!);
  const s = perMessage(single!);
  const cores = nodes[0]!.cpu.cores;
  if (one.node !== undefined && one.postgres !== undefined && s.node !== undefined) {
    const all = one.node + one.postgres + (one.nats ?? 0);
    // One loop saturates at most one core; every core of the machine serves nodes, PostgreSQL and NATS alike.
    const oneLoop = 1e6 / one.node;
    const ceiling = Math.min(2 * oneLoop, (cores * 1e6) / all);
    console.log(`  CPU a message: a node ${((one.node / s.node - 1) * 100).toFixed(0)} % more than piyasa start's; node + postgres + nats-server ${f(all)} µs, so ${cores} cores carry at most ${f((cores * 1e6) / all)}/s however many nodes share them: two one-loop nodes ≤ ×${(ceiling / Math.min(oneLoop, (cores * 1e6) / all)).toFixed(2)} of one on this machine`);
  }
  console.log('  targets: two one-loop nodes ≥ 1.7× one; one node ≤ 20 % below the single-node product');
}

export async function clusterBench(flags: Flags): Promise<number> {
  const chats = numberFlag(flags, 'chats', 120, { min: 1, integer: true });
  const perChat = numberFlag(flags, 'bots-per-chat', 3, { min: 2, integer: true });
  const windowSec = numberFlag(flags, 'window', 20, { min: 5 });
  const kills = numberFlag(flags, 'kills', 10, { min: 0, integer: true });
  const requests = numberFlag(flags, 'requests', 1_000, { min: 10, integer: true });
  const only = flags.only === 'throughput' ? 'throughput' : undefined;
  // Flat out: turns as fast as the engine goes, Telegram's limits (of the in-memory fake) out of the
  // way, and enough chats that the CPU, not the chats' pace, bounds the rate: a chat takes a turn at
  // most every minTurnSec (0.1 s, the schema's floor) plus the turn itself, ~4–5 a second, so 120
  // chats cap the whole cluster near 550/s whatever its CPU — a ceiling the first runs measured as
  // "no scaling". 1,000 chats put that cap near 5,000/s, above what this machine's cores deliver.
  const throughputChats = numberFlag(flags, 'throughput-chats', 1_000, { min: 1, integer: true });
  const config = flatOutConfig(throughputChats, perChat);
  // Latency, join and failover on a cluster at a brisk but realistic pace (Telegram's limits on):
  // measured flat out, they would time a saturated CPU.
  const paced = loadConfig(chats, perChat);
  const progress = new Progress('cluster');
  const started = performance.now();
  const step = (i: number, of: number) => progress.update(i, of, performance.now() - started);
  const steps = only ? 4 : 4 + 3 + kills;
  let done = 0;
  console.log(`bench cluster: ${throughputChats} chats of ${perChat} bots flat out for throughput, ${chats} paced for the rest; one-loop node processes, in-memory Telegram, NATS at ${process.env.NATS_URL ?? 'nats://127.0.0.1:4222'}`);

  // (1) throughput: the single-node product (`piyasa start`: in-process bus), then fresh clusters of
  // 1, 2 and 3 nodes, each measured after it settled and warmed up, on a database of its own.
  const rates: { perSec: number; cpu: CpuShares }[] = [];
  for (const n of [0, 1, 2, 3]) {
    const run = await ClusterRun.create({ config, telegram: 'memory', logLevel: 'warn' });
    try {
      const ids = Array.from({ length: n }, (_, i) => `t${i + 1}`);
      const procs = n === 0 ? [await run.startSingle('single')] : await Promise.all(ids.map((id) => run.startNode(id)));
      if (n) await settle(run, ids, 60_000);
      await sleep(5_000);
      rates.push(await rate(procs, windowSec * 1000));
    } finally {
      await run.close();
    }
    step(++done, steps);
  }

  if (only) {
    progress.done();
    printThroughput(rates);
    return 0;
  }

  // (2)–(4) on one cluster of three.
  const run = await ClusterRun.create({ config: paced, telegram: 'memory', logLevel: 'info' });
  const cross: number[] = [];
  const bare: number[] = [];
  let join = { ms: 0, counts: [] as number[] };
  const detection: number[] = [];
  const failover: number[] = [];
  try {
    await Promise.all(['n1', 'n2', 'n3'].map((id) => run.startNode(id)));
    await settle(run, ['n1', 'n2', 'n3'], 60_000);
    await sleep(3_000);
    const nc = run.connection;
    const echo = nc.subscribe(`${run.prefix}.bench.echo`, { callback: (_e, m) => void m.respond(m.data) });
    await nc.flush();
    const bots = paced.bots.map((b) => b.id);
    for (let i = 0; i < requests; i++) {
      // Interleaved, so both see the same load: the bare round trip, then one through our path — a
      // request to a bot's actor on whichever node owns it (subject, partition, bus, actor ask, reply).
      const h = headers();
      h.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      let t = performance.now();
      await nc.request(`${run.prefix}.bench.echo`, encode({ op: 'status' }), { timeout: 5_000, headers: h });
      bare.push(performance.now() - t);
      const bot = bots[i % bots.length]!;
      t = performance.now();
      await nc.request(run.names.request(run.partitionOfBot(bot), { kind: 'bot', id: bot }), encode({ op: 'status' }), { timeout: 5_000, headers: h });
      cross.push(performance.now() - t);
    }
    echo.unsubscribe();
    step(++done, steps);

    await run.startNode('n4');
    await settle(run, ['n1', 'n2', 'n3', 'n4'], 60_000);
    const firstUp = Math.min(...run.nodes.get('n4')!.events.filter((e) => e.event === 'partition.up').map((e) => e.at));
    const lastUp = Math.max(...run.nodes.get('n4')!.events.filter((e) => e.event === 'partition.up').map((e) => e.at));
    join = { ms: lastUp - firstUp, counts: [...[...(await run.leases()).values()].reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>()).values()] };
    step(++done, steps);

    let next = 5;
    for (let k = 0; k < kills; k++) {
      const alive = [...run.nodes.entries()].filter(([, p]) => p.alive).map(([id]) => id);
      const victim = alive[k % alive.length]!;
      const held = [...(await run.leases())].filter(([, n]) => n === victim).map(([p]) => p);
      const killAt = Date.now();
      run.nodes.get(victim)!.signal('SIGKILL');
      const m = await measureKill(run, victim, held, killAt);
      // The replacement starts after the measurement (a starting process would compete for the CPU).
      const replacement = run.startNode(`n${next++}`);
      if (m.detection !== undefined) detection.push(m.detection);
      failover.push(m.failover);
      await replacement;
      await settle(run, [...run.nodes.entries()].filter(([, p]) => p.alive).map(([id]) => id), 60_000);
      step(++done, steps);
    }
    step(steps, steps);
  } finally {
    await run.close();
    progress.done();
  }

  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 0) : '–');
  printThroughput(rates);
  console.log(`\nentity request/reply across nodes (${requests}): p50 ${f(pct(cross, 0.5))} ms, p99 ${f(pct(cross, 0.99))} ms; bare NATS request/reply: p50 ${f(pct(bare, 0.5))} ms, p99 ${f(pct(bare, 0.99))} ms; overhead ×${(pct(cross, 0.5) / pct(bare, 0.5)).toFixed(2)} at p50 (target p99 ≤ 5 ms)`);
  console.log(`\njoin of a fourth node: partitions per node ${join.counts.sort((a, b) => a - b).join(', ')} (ideal 16 ± 15 %), balanced ${join.ms} ms after its first partition (target ≤ 3 s)`);
  if (kills) {
    console.log(`\nkill -9 (${kills}): detection p50 ${pct(detection, 0.5)} ms, p99 ${pct(detection, 0.99)} ms (target ≤ 700); every partition of the dead node served again p50 ${pct(failover, 0.5)} ms, p99 ${pct(failover, 0.99)} ms (target ≤ 2,000)`);
    const buckets = [500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, Infinity];
    for (const [i, b] of buckets.entries()) {
      const n = failover.filter((x) => x <= b && (i === 0 || x > buckets[i - 1]!)).length;
      console.log(`  ≤ ${Number.isFinite(b) ? `${b} ms` : 'more'}`.padEnd(14) + `${'█'.repeat(n)} ${n}`);
    }
  }
  return 0;
}
