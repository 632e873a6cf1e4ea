// Supervision in the running system, over many seeds: a crashing actor is restarted and its chat goes
// on; a poison message ends in the dead letters after bounded retries and nothing else is lost; a
// malformed message is rejected without a restart.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ComposeRequest, LlmPort } from '../../actors/index.ts';
import { HOUR, SEEDS, SIM_START, checkInvariants, createSim, scriptHuman, seededRng, timeline } from './harness.ts';

/** 10:00 in Istanbul: the runs below start in a busy hour of the session (the chat is quiet at night
 * and early in the morning, and these checks count on a lively chat). */
const BUSY = SIM_START + 4 * HOUR;

/** An LLM port that crashes (a plain Error, not a typed one) on the listed calls or for one chat. */
function crashing(base: LlmPort, opts: { onCalls?: number[]; chatId?: string }): LlmPort & { calls: number } {
  const port = {
    calls: 0,
    async generate(req: Parameters<LlmPort['generate']>[0]) {
      port.calls += 1;
      if (opts.onCalls?.includes(port.calls) || req.chatId === opts.chatId) throw new Error('generator crashed');
      return base.generate(req);
    },
  };
  return port;
}

test(`a crashed bot actor is restarted and the chat goes on (${SEEDS.length} seeds)`, async () => {
  for (const seed of SEEDS) {
    let llm: ReturnType<typeof crashing> | undefined;
    const sim = createSim(seed, { llm: (base) => (llm = crashing(base, { onCalls: [5, 6, 30] })) });
    scriptHuman(sim, 'demo', BUSY, BUSY + 3 * HOUR, seededRng(seed).fork('human'));
    await sim.run(BUSY);
    sim.node.start();
    await sim.run(BUSY + 3 * HOUR);
    const stats = sim.node.supervisors.bots.stats();
    assert.ok(stats.restarts >= 2, `seed ${seed}: ${stats.restarts} restarts`);
    assert.is(stats.escalations, 0, `seed ${seed}: escalated`);
    assert.ok(llm!.calls > 40, `seed ${seed}: the chat stalled after the crash (${llm!.calls} generations)`);
    assert.equal(sim.node.deadLetters.byReason(), {}, `seed ${seed}: dead letters ${JSON.stringify(sim.node.deadLetters.byReason())}`);
    checkInvariants(sim);
    await sim.stop();
  }
});

test(`a poison message is retried a bounded number of times, dead-lettered, and nothing else is lost (${SEEDS.length} seeds)`, async () => {
  for (const seed of SEEDS) {
    const sim = createSim(seed, { llm: (base) => crashing(base, { chatId: 'poison' }) });
    const bot = sim.config.bots.find((b) => b.activeHours.length === 0) ?? sim.config.bots[0]!;
    scriptHuman(sim, 'demo', SIM_START, SIM_START + 3 * HOUR, seededRng(seed).fork('human'));
    sim.node.start();
    const poison: ComposeRequest = {
      kind: 'compose', turnId: 1, chatId: 'poison', chatTitle: 'x', timeZone: 'Europe/Istanbul', mode: 'answer', mention: false,
      transcript: [], topicPool: ['BIST'], recentTopics: [], attempt: 0,
    };
    sim.node.toBot(bot.id, poison); // first thing the bot handles: its budget is fresh, so it reaches the LLM
    await sim.run(SIM_START + 3 * HOUR);
    const letters = sim.node.deadLetters.list();
    const poisoned = letters.filter((l) => l.reason === 'poison');
    assert.is(poisoned.length, 1, `seed ${seed}: ${JSON.stringify(sim.node.deadLetters.byReason())}`);
    assert.is((poisoned[0]!.message as ComposeRequest).chatId, 'poison');
    assert.is(poisoned[0]!.attempts, 3);
    assert.is(letters.length, 1, `seed ${seed}: other dead letters ${JSON.stringify(letters.map((l) => l.reason))}`);
    const lines = timeline(sim, 'demo');
    assert.is(lines.filter((m) => m.botId === null).length, sim.node.telegram.humans.length, `seed ${seed}: a human message was lost`);
    const afterPoison = lines.filter((m) => m.botId === bot.id && m.at > SIM_START + 10 * 60_000);
    assert.ok(afterPoison.length > 0 || bot.hourlyLimit === 0, `seed ${seed}: ${bot.id} never spoke again after the poison message`);
    checkInvariants(sim);
    await sim.stop();
  }
});

test(`a bot that cannot start is stopped after the restart-intensity limit and the chat goes on without it (${SEEDS.length} seeds)`, async () => {
  for (const seed of SEEDS) {
    const broken = 'ali_ekonomist';
    const sim = createSim(seed);
    // Its state cannot be loaded: every (re)start of its actor fails, so restarts pile up.
    const load = sim.node.botStates.load.bind(sim.node.botStates);
    sim.node.botStates.load = (id) => (id === broken ? Promise.reject(new Error('state unreadable')) : load(id));
    await sim.run(BUSY);
    sim.node.start();
    await sim.run(BUSY + 3 * HOUR);
    assert.is(sim.node.supervisors.bots.stats().escalations, 1, `seed ${seed}`);
    const lines = timeline(sim, 'demo');
    assert.is(lines.filter((m) => m.botId === broken).length, 0);
    const stalls = (await sim.node.command('demo', { cmd: 'status' })) as { dropped?: Record<string, number> };
    assert.ok((stalls.dropped?.timeout ?? 0) <= 1, `seed ${seed}: floors left waiting on the stopped bot ${JSON.stringify(stalls.dropped)}`);
    assert.ok(lines.filter((m) => m.botId !== null).length > 50, `seed ${seed}: the chat stalled (${lines.length} lines)`);
    checkInvariants(sim);
    await sim.stop();
  }
});

test(`a bot that crashes on every turn costs its chat no waiting, and its fourth poison message in half an hour stops it for good (${SEEDS.length} seeds)`, async () => {
  for (const seed of SEEDS) {
    const broken = 'can_chartist';
    const sim = createSim(seed, {
      llm: (base) => ({ generate: (req) => (req.botId === broken ? Promise.reject(new Error('generator crashed')) : base.generate(req)) }),
    });
    await sim.run(BUSY);
    sim.node.start();
    await sim.run(BUSY + 3 * HOUR);
    const status = (await sim.node.command('demo', { cmd: 'status' })) as { dropped?: Record<string, number> };
    assert.is(status.dropped?.timeout ?? 0, 0, `seed ${seed}: ${JSON.stringify(status.dropped)}`);
    // Each dead request is declined at once; the fourth within half an hour stops the bot, and it is not
    // asked again (how many came before depends on how often the director picked it).
    const poison = sim.node.deadLetters.byReason().poison ?? 0;
    assert.ok(poison >= 4, `seed ${seed}: ${JSON.stringify(sim.node.deadLetters.byReason())}`);
    assert.is(status.dropped?.['declined-error'], poison, `seed ${seed}: ${JSON.stringify(status.dropped)}`);
    const last = sim.node.deadLetters.list().filter((l) => l.reason === 'poison').map((l) => l.at);
    assert.ok(last.filter((t) => t > last.at(-1)! - 30 * 60_000).length >= 4, `seed ${seed}: stopped before four poison messages within 30 minutes`);
    assert.equal(sim.node.supervisors.bots.stats().byChild[`/bot-${broken}`]?.escalations, 1, `seed ${seed}`);
    assert.ok(timeline(sim, 'demo').filter((m) => m.botId !== null).length > 50, `seed ${seed}: the chat stalled`);
    assert.is(timeline(sim, 'demo').filter((m) => m.botId === broken).length, 0);
    checkInvariants(sim);
    await sim.stop();
  }
});

test('a malformed message is rejected as malformed, without a restart', async () => {
  const sim = createSim(SEEDS[0]!);
  sim.node.start();
  const bot = sim.config.bots[0]!;
  const accepted = sim.node.system.tell(sim.node.bots.get(bot.id)!, { kind: 'compose' } as never);
  await sim.run(SIM_START + 60_000);
  assert.is(accepted, false);
  assert.equal(sim.node.deadLetters.byReason(), { malformed: 1 });
  assert.is(sim.node.supervisors.bots.stats().restarts, 0);
  await sim.stop();
});

test.run();
