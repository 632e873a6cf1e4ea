// Faults from the seeded fault decorator on the Telegram and LLM ports (failures, latency): the chat
// keeps talking, nothing is sent twice, every invariant holds, nothing crash-loops.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { faulty, faultsOf } from '../../transport/index.ts';
import { HOUR, SEEDS, SIM_START, checkInvariants, createSim, scriptHuman, seededRng, timeline } from './harness.ts';

test(`Telegram and LLM faults: failures and latency cost turns, never invariants (${SEEDS.length} seeds)`, async () => {
  let injected = 0;
  for (const seed of SEEDS) {
    const faults = seededRng(seed).fork('faults');
    let tg: object | undefined;
    let llm: object | undefined;
    const sim = createSim(seed, {
      telegram: (base, clock) => (tg = faulty(base, { failRate: 0.08, latencyMs: { min: 20, max: 1_500 } }, { rng: faults.fork('tg'), clock })),
      llm: (base, clock) => (llm = faulty(base, { failRate: 0.08, latencyMs: { min: 50, max: 800 } }, { rng: faults.fork('llm'), clock })),
    });
    scriptHuman(sim, 'demo', SIM_START, SIM_START + 4 * HOUR, seededRng(seed).fork('human'));
    sim.node.start();
    await sim.run(SIM_START + 4 * HOUR);
    checkInvariants(sim);
    const bots = timeline(sim, 'demo').filter((m) => m.botId !== null).length;
    assert.ok(bots > 60, `seed ${seed}: only ${bots} bot messages in 4 hours under faults`);
    injected += faultsOf(tg!).filter((f) => f.kind === 'fail').length + faultsOf(llm!).filter((f) => f.kind === 'fail').length;
    assert.is(sim.node.supervisors.bots.stats().escalations + sim.node.supervisors.chats.stats().escalations, 0, `seed ${seed}: escalated`);
    assert.equal(sim.node.deadLetters.byReason(), {}, `seed ${seed}: dead letters`);
    await sim.node.stop();
  }
  assert.ok(injected > SEEDS.length * 5, `only ${injected} faults injected`);
});

test.run();
