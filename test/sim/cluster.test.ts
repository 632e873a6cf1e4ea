// The ownership layer simulated before it meets NATS: 3–5 nodes on a virtual clock over a lease store
// that delays, loses and serves stale reads, under kills, pauses, network cuts and graceful leaves.
// Invariants: a partition is acted for only by the lease's holder in the store and by one node at a
// time; after the faults the cluster settles on the balanced placement. Many seeds; a failure names it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { placement } from '../../transport/index.ts';
import { ClusterSim, P } from './cluster-harness.ts';

const SEEDS = Array.from({ length: Number(process.env.CLUSTER_SIM_SEEDS ?? 12) }, (_, i) => 9_001 + i);
const FAULTS = { latencyMs: { min: 1, max: 15 }, lossRate: 0.02, answerLossRate: 0.02, staleRate: 0.1 };

async function until(sim: ClusterSim, ok: () => boolean, maxMs: number): Promise<number> {
  const start = sim.clock.now();
  while (!ok()) {
    if (sim.clock.now() - start > maxMs) return Infinity;
    await sim.run(10);
  }
  return sim.clock.now() - start;
}

const counts = (sim: ClusterSim) => {
  const c = new Map<string, number>();
  for (const h of sim.holders()) if (h) c.set(h, (c.get(h) ?? 0) + 1);
  return c;
};

function noViolations(sim: ClusterSim): void {
  assert.equal(sim.violations.slice(0, 3), [], `seed ${sim.seed}: ${sim.violations.length} violation(s)`);
}

test('placement: balanced, the same from any order, a join moves about 1/N', () => {
  const three = placement(['c', 'a', 'b'], P);
  assert.equal(three, placement(['a', 'b', 'c'], P));
  for (const n of ['a', 'b', 'c']) assert.ok(Math.abs(three.filter((o) => o === n).length - P / 3) <= 1.5, 'balanced');
  const four = placement(['a', 'b', 'c', 'd'], P);
  const moved = four.filter((o, p) => o !== three[p]).length;
  assert.is(four.filter((o) => o === 'd').length, 16);
  assert.ok(moved <= 24, `a join moved ${moved} of ${P}`);
});

test(`three nodes settle on the balanced placement (${SEEDS.length} seeds)`, async () => {
  for (const seed of SEEDS) {
    const sim = new ClusterSim(seed, FAULTS);
    for (const id of ['n1', 'n2', 'n3']) {
      sim.add(id);
      await sim.run(sim.rng.int(300));
    }
    assert.ok(await until(sim, () => sim.settled(), 5_000) < Infinity, `seed ${seed}: not settled`);
    for (const [, n] of counts(sim)) assert.ok(n >= 20 && n <= 22, `seed ${seed}: ${n} partitions on a node`);
    noViolations(sim);
  }
});

test(`kill -9 of a node: all its partitions act elsewhere within 1.5 s (${SEEDS.length} seeds)`, async () => {
  const times: number[] = [];
  for (const seed of SEEDS) {
    const sim = new ClusterSim(seed, { latencyMs: { min: 1, max: 5 } });
    for (const id of ['n1', 'n2', 'n3']) sim.add(id);
    await until(sim, () => sim.settled(), 5_000);
    await sim.run(sim.rng.int(1_000));
    const victim = `n${1 + sim.rng.int(3)}`;
    sim.kill(victim);
    const t = await until(sim, () => sim.settled(), 5_000);
    times.push(t);
    assert.ok(t <= 1_500, `seed ${seed}: failover took ${t} ms`);
    noViolations(sim);
  }
  times.sort((a, b) => a - b);
  console.log(`  failover (sim): p50 ${times[Math.floor(times.length / 2)]} ms, max ${times.at(-1)} ms`);
});

test(`a fourth node joins: balanced within 3 s, no partition without an owner for more than 1 s (${SEEDS.length} seeds)`, async () => {
  for (const seed of SEEDS) {
    const sim = new ClusterSim(seed, { latencyMs: { min: 1, max: 5 } });
    for (const id of ['n1', 'n2', 'n3']) sim.add(id);
    await until(sim, () => sim.settled(), 5_000);
    const before = sim.holders();
    sim.resetGaps();
    sim.add('n4');
    const t = await until(sim, () => sim.settled(), 5_000);
    assert.ok(t <= 3_000, `seed ${seed}: balanced after ${t} ms`);
    const c = counts(sim);
    for (const [, n] of c) assert.ok(n >= 14 && n <= 18, `seed ${seed}: ${n} partitions on a node`);
    const moved = sim.holders().filter((h, p) => h !== before[p]).length;
    assert.ok(moved <= 24, `seed ${seed}: ${moved} partitions moved`);
    assert.ok(sim.longestGap <= 1_000, `seed ${seed}: a partition had no owner for ${sim.longestGap} ms`);
    noViolations(sim);
  }
});

test(`SIGSTOP for 5 s: taken over, the paused node acts for nothing stale when it wakes, rejoins (${SEEDS.length} seeds)`, async () => {
  for (const seed of SEEDS) {
    const sim = new ClusterSim(seed, FAULTS);
    for (const id of ['n1', 'n2', 'n3']) sim.add(id);
    await until(sim, () => sim.settled(), 5_000);
    sim.pause('n2');
    await sim.run(5_000);
    assert.not.ok(sim.holders().includes('n2'), `seed ${seed}: n2 still holds leases after 5 s`);
    sim.resume('n2');
    assert.ok(await until(sim, () => sim.settled(), 6_000) < Infinity, `seed ${seed}: did not settle after the pause`);
    assert.ok(sim.holders().includes('n2'), `seed ${seed}: n2 did not rejoin`);
    assert.ok(sim.nodes.get('n2')!.ownership.stats.lost > 0, `seed ${seed}: n2 never found itself fenced`);
    noViolations(sim);
  }
});

test(`chaos: kills, pauses, cuts, leaves and a faulty lease store — one writer per partition, always the holder; settles after (${SEEDS.length} seeds)`, async () => {
  let events = 0;
  for (const seed of SEEDS) {
    const sim = new ClusterSim(seed, FAULTS);
    let next = 1;
    const start = () => sim.add(`n${next++}`);
    for (let i = 0; i < 4; i++) start();
    await sim.run(2_000);
    for (let e = 0; e < 12; e++) {
      const ids = [...sim.nodes.keys()].filter((id) => !sim.nodes.get(id)!.left);
      const id = ids[sim.rng.int(ids.length)]!;
      const roll = sim.rng.next();
      events++;
      if (roll < 0.25 && ids.length > 2) {
        sim.kill(id);
        await sim.run(200 + sim.rng.int(1_500));
        start();
      } else if (roll < 0.5) {
        sim.pause(id);
        await sim.run(300 + sim.rng.int(5_000));
        sim.resume(id);
      } else if (roll < 0.75) {
        sim.cut(id, sim.rng.chance(0.5));
        await sim.run(300 + sim.rng.int(4_000));
        sim.heal(id);
      } else if (ids.length > 2) {
        await sim.leave(id);
        start();
      }
      await sim.run(sim.rng.int(1_500));
    }
    for (const id of sim.nodes.keys()) {
      sim.resume(id);
      sim.heal(id);
    }
    assert.ok(await until(sim, () => sim.settled(), 15_000) < Infinity, `seed ${seed}: did not settle after the chaos`);
    noViolations(sim);
    assert.ok(sim.stats.writes > 10_000, `seed ${seed}: only ${sim.stats.writes} writes checked`);
  }
  assert.ok(events >= SEEDS.length * 12);
});

test.run();
