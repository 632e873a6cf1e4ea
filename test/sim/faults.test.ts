// Faults from the seeded fault decorator, over many seeds: Telegram and LLM failures and latency;
// Telegram sends that reach the group but whose answer is lost; bus messages delivered twice or not
// at all. The chat keeps talking, nothing is sent twice, nothing a person writes is lost or recorded
// twice, and every rule of checker.ts holds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SendMessageRequest } from '../../actors/index.ts';
import { faulty, faultsOf } from '../../transport/index.ts';
import { HOUR, SEEDS, SIM_START, checkInvariants, createSim, scriptHuman, seededRng, sendRequests, timeline, type Sim } from './harness.ts';

const escalations = (sim: Sim): number => sim.node.supervisors.bots.stats().escalations + sim.node.supervisors.chats.stats().escalations;

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
    checkInvariants(sim, { requestedAt: sendRequests(tg!) });
    const bots = timeline(sim, 'demo').filter((m) => m.botId !== null).length;
    assert.ok(bots > 60, `seed ${seed}: only ${bots} bot messages in 4 hours under faults`);
    injected += faultsOf(tg!).filter((f) => f.kind === 'fail').length + faultsOf(llm!).filter((f) => f.kind === 'fail').length;
    assert.is(escalations(sim), 0, `seed ${seed}: escalated`);
    assert.equal(sim.node.deadLetters.byReason(), {}, `seed ${seed}: dead letters`);
    await sim.stop();
  }
  assert.ok(injected > SEEDS.length * 5, `only ${injected} faults injected`);
});

test(`a send that reaches Telegram but whose answer is lost is never sent again and stays on the budget (${SEEDS.length} seeds)`, async () => {
  let lost = 0;
  for (const seed of SEEDS) {
    let tg: object | undefined;
    const sim = createSim(seed, {
      telegram: (base, clock) => (tg = faulty(base, { lostAnswerRate: 0.06, methods: ['sendMessage'] }, { rng: seededRng(seed).fork('lost'), clock })),
    });
    scriptHuman(sim, 'demo', SIM_START, SIM_START + 4 * HOUR, seededRng(seed).fork('human'));
    sim.node.start();
    await sim.run(SIM_START + 4 * HOUR);
    const keys = new Set(faultsOf(tg!).filter((f) => f.kind === 'lost').map((f) => (f.args[0] as SendMessageRequest).idempotencyKey));
    lost += keys.size;
    // Telegram has each of them (once: no key twice), the chat may not; budgets count what Telegram has.
    checkInvariants(sim, { answerLost: keys });
    for (const k of keys) assert.ok(sim.node.telegram.sent.some((s) => s.idempotencyKey === k), `seed ${seed}: ${k} is in the group`);
    const bots = timeline(sim, 'demo').filter((m) => m.botId !== null).length;
    assert.ok(bots > 60, `seed ${seed}: only ${bots} bot messages in 4 hours`);
    assert.is(escalations(sim), 0, `seed ${seed}: escalated`);
    await sim.stop();
  }
  assert.ok(lost > SEEDS.length * 2, `only ${lost} answers lost`);
});

test(`bus messages delivered twice or dropped: people recorded once, nothing sent twice, the chat goes on (${SEEDS.length} seeds)`, async () => {
  let duplicated = 0;
  let dropped = 0;
  let humansTwice = 0;
  for (const seed of SEEDS) {
    let dup: object | undefined;
    let drop: object | undefined;
    const kindOf = (args: readonly unknown[]): string => String((args[1] as { kind?: unknown } | undefined)?.kind);
    const sim = createSim(seed, {
      bus: (base, clock) => {
        // Any message may come twice (redelivery). A person's message is durable in the design (the intake
        // and JetStream redeliver it until it is handled), so drops hit only the others, as core NATS may.
        dup = faulty(base, { duplicateRate: 0.05, methods: ['send'] }, { rng: seededRng(seed).fork('dup'), clock });
        drop = faulty(dup as typeof base, { dropRate: 0.03, methods: ['send'], voidMethods: ['send'], covers: (_m, args) => kindOf(args) !== 'human' }, { rng: seededRng(seed).fork('drop'), clock });
        return drop as typeof base;
      },
    });
    scriptHuman(sim, 'demo', SIM_START, SIM_START + 4 * HOUR, seededRng(seed).fork('human'));
    sim.node.start();
    await sim.run(SIM_START + 4 * HOUR);
    checkInvariants(sim);
    duplicated += faultsOf(dup!).filter((f) => f.kind === 'duplicate').length;
    humansTwice += faultsOf(dup!).filter((f) => f.kind === 'duplicate' && kindOf(f.args) === 'human').length;
    dropped += faultsOf(drop!).filter((f) => f.kind === 'drop').length;
    const bots = timeline(sim, 'demo').filter((m) => m.botId !== null).length;
    assert.ok(bots > 60, `seed ${seed}: only ${bots} bot messages in 4 hours`);
    assert.is(escalations(sim), 0, `seed ${seed}: escalated`);
    await sim.stop();
  }
  assert.ok(duplicated > SEEDS.length * 10 && dropped > SEEDS.length * 5 && humansTwice > 0, `injected ${duplicated} duplicates (${humansTwice} of people's messages), ${dropped} drops`);
  console.log(`  ${SEEDS.length} seeds: ${duplicated} bus messages delivered twice (${humansTwice} of them people's), ${dropped} dropped`);
});

test.run();
