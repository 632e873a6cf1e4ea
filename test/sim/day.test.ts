// A simulated day of the demo chat with a scripted human, over many seeds: budgets, Telegram limits,
// dedup, ordering, active hours and "addressed bot answers first" hold in every run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HOUR, SEEDS, SIM_START, checkInvariants, createSim, scriptHuman, seededRng, timeline } from './harness.ts';

test(`a simulated day keeps every invariant (${SEEDS.length} seeds)`, async () => {
  let delivered = 0;
  let answered = 0;
  for (const seed of SEEDS) {
    const sim = createSim(seed);
    scriptHuman(sim, 'demo', SIM_START, SIM_START + 24 * HOUR, seededRng(seed).fork('human'));
    sim.node.start();
    await sim.run(SIM_START + 24 * HOUR);
    checkInvariants(sim);
    const lines = timeline(sim, 'demo');
    const bots = lines.filter((m) => m.botId !== null);
    assert.ok(bots.length > 300, `seed ${seed}: only ${bots.length} bot messages in a day`);
    answered += bots.filter((m) => lines.some((h) => h.botId === null && h.messageId === m.replyTo)).length;
    delivered += bots.length;
    await sim.stop();
  }
  assert.ok(answered > SEEDS.length * 10, `humans were answered ${answered} times`);
  console.log(`  ${SEEDS.length} seeds: ${delivered} bot messages, ${answered} answers to the human`);
});

test.run();
