// Three node processes under load on the real nats-server and PostgreSQL, the sandbox as Telegram, and
// ten kill -9s (each victim replaced by a new node): every kill is detected, every partition of the
// dead node is served again elsewhere; over the whole run no outbox key was sent twice (the sandbox's
// record), no person's message was lost (the database), no stale write was accepted. Bounds here are
// generous for a loaded 2-core box; `piyasa bench cluster` reports the figures against the targets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClusterRun } from '../../infra/bench/cluster-run.ts';
import { loadConfig } from '../../infra/bench/cluster-config.ts';
import { checkCluster, measureKill } from '../../infra/bench/cluster-check.ts';
import type { NodeEvent } from '../../infra/bench/cluster-proc.ts';

const KILLS = Number(process.env.CLUSTER_KILLS ?? 10);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!;

test(`kill -9 of a node, ${KILLS} times: detected, its partitions served elsewhere, nothing sent twice or lost`, async () => {
  const config = loadConfig(24, 3);
  const run = await ClusterRun.create({ config });
  const humans = new Map<string, number[]>();
  const posted = new Map<string, number>(); // `${chat}/${id}` → when it was written
  const kills: { victim: string; at: number }[] = [];
  let writing = true;
  try {
    await Promise.all(['n1', 'n2', 'n3'].map((id) => run.startNode(id)));
    let next = 4;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const chat = config.chats[i % config.chats.length]!.id;
        const id = await run.human(chat, 'deniz', `selam ${i}, dolar ne olur?`).catch(() => undefined);
        if (id !== undefined) {
          humans.set(chat, [...(humans.get(chat) ?? []), id]);
          posted.set(`${chat}/${id}`, Date.now());
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    const alive = () => [...run.nodes.entries()].filter(([, p]) => p.alive).map(([id]) => id);
    const settled = async (nodes: string[], ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const leases = await run.leases();
        if (leases.size === 64 && [...leases.values()].every((n) => nodes.includes(n)) && nodes.every((n) => [...leases.values()].includes(n))) return true;
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    };
    assert.ok(await settled(alive(), 30_000), 'three nodes hold every partition');
    const detection: number[] = [];
    const failover: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const ids = alive();
      const victim = ids[k % ids.length]!;
      const held = [...(await run.leases())].filter(([, n]) => n === victim).map(([p]) => p);
      const killAt = Date.now();
      kills.push({ victim, at: killAt });
      run.nodes.get(victim)!.signal('SIGKILL');
      const m = await measureKill(run, victim, held, killAt, 15_000);
      const replacement = run.startNode(`n${next++}`);
      assert.ok(m.detection !== undefined, `kill ${k + 1}: nobody noticed ${victim} died`);
      detection.push(m.detection!);
      failover.push(m.failover);
      await replacement;
      assert.ok(await settled(alive(), 30_000), `kill ${k + 1}: the cluster did not settle with the replacement`);
    }
    writing = false;
    await writer;
    await new Promise((r) => setTimeout(r, 4_000)); // the last people's messages reach their chats
    const events = [...run.nodes.values()].flatMap((n) => n.events);
    const check = await checkCluster(run, humans, events);
    console.log(`  ${KILLS} kills: detection p50 ${pct(detection, 0.5)} ms, max ${Math.max(...detection)} ms; all partitions served again p50 ${pct(failover, 0.5)} ms, p99 ${pct(failover, 0.99)} ms; ${check.sends} sends, ${check.humans} people's messages`);
    assert.ok(Math.max(...detection) <= 2_000, `detection ${detection.join(', ')} ms`);
    assert.ok(pct(failover, 0.99) <= 5_000, `failover ${failover.join(', ')} ms`);
    assert.ok(check.sends > 100, `only ${check.sends} sends: no load`);
    assert.equal(check.duplicateKeys, [], 'an outbox key was sent twice');
    assert.is(check.withoutKey, 0);
    assert.ok(check.humans > 50, `only ${check.humans} people's messages`);
    if (check.lostHumans.length) console.log(lostStory(check.lostHumans, posted, kills, events, run.partitionOf.bind(run)));
    assert.equal(check.lostHumans, [], 'people\'s messages were lost');
    assert.equal(check.staleWrites, [], 'a stale write was accepted');
  } finally {
    writing = false;
    await run.close();
  }
});

/** Where each lost message was last seen: when it was written (against the kills) and what the nodes
 * logged within 15 s of it about its chat, its chat's partition or its id (the intake line of the
 * node whose poller took it among them). */
function lostStory(lost: readonly string[], posted: ReadonlyMap<string, number>, kills: readonly { victim: string; at: number }[], events: readonly NodeEvent[], partitionOf: (chat: string) => number): string {
  const out: string[] = [];
  for (const key of lost) {
    const [chat, id] = key.split('/');
    const at = posted.get(key) ?? 0;
    const p = partitionOf(chat!);
    const kill = kills.filter((k) => k.at <= at + 15_000 && k.at >= at - 15_000).map((k) => `${k.victim} killed ${k.at - at} ms after`);
    out.push(`  lost ${key} (partition ${p}), written at ${at}; ${kill.join(', ') || 'no kill within 15 s'}`);
    for (const e of events) {
      if (Math.abs(e.at - at) > 15_000) continue;
      const f = e.fields;
      if (f.chat === chat || Number(f.partition) === p || f.message === Number(id)) out.push(`    ${e.at - at} ms ${e.level} ${e.event} ${JSON.stringify(f)}`);
    }
  }
  return out.join('\n');
}

test.run();
