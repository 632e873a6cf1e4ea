// The LLM loop of issue 12: a stand-in server that returns the same text to every call. Every draft
// after the first is a duplicate; before, a person's pending question re-planned the floor at once and
// burned both models' per-minute quota in a tenth of a second. Now a person's question costs at most the
// turn's fixed allowance of calls, a re-planned floor waits, and the chat goes on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_TURN_LLM_CALLS } from '../../actors/index.ts';
import { HOUR, SEEDS, SIM_START, checkInvariants, maxInWindow, timeline } from './harness.ts';
import { createLlmSim } from './llm-harness.ts';

const SAME = 'THYAO bence toparlar, sabırlı olmak lazım.';
/** Distinct questions, some to a bot, some to the group (10:00–13:00 in Istanbul). */
const QUESTIONS = [
  '@can_chartist_bot ASELS için destek neresi?', 'faiz kararı borsayı nasıl etkiler?', '@ali_ekonomist_bot dolar nereye gider sizce?',
  'THYAO alınır mı şimdi?', '@fatma_temettu_bot temettü verimi ne demek?', 'BTC için ne düşünüyorsunuz?', 'gram altın pahalı mı sizce?',
  '@zeynep_newbie_bot bugün ne aldın?',
];

test(`a server that answers everything with the same text: each person's question costs at most ${MAX_TURN_LLM_CALLS} calls, and the chat goes on`, async () => {
  for (const seed of SEEDS.slice(0, 4)) {
    const sim = createLlmSim(seed, { server: { reply: () => SAME } });
    const busy = SIM_START + 4 * HOUR;
    await sim.run(busy);
    sim.node.start();
    QUESTIONS.forEach((text, i) => sim.clock.setTimer(10 * 60_000 + i * 17 * 60_000, () => sim.node.telegram.human({ chatId: 'demo', username: 'deniz', text })));
    await sim.run(busy + 3 * HOUR);
    checkInvariants(sim);
    const why = `seed ${seed}`;
    const lines = timeline(sim, 'demo');
    const calls = sim.drafts.calls;
    // The meter counts what the server saw.
    assert.is(calls.reduce((n, c) => n + (c.result?.calls ?? 0), 0), sim.server.requests.length, `${why}: calls reported vs calls served`);
    for (const text of QUESTIONS) {
      const q = lines.find((m) => m.botId === null && m.text === text);
      assert.ok(q, `${why}: "${text}" not in the chat`);
      const spent = calls.filter((c) => c.request.mode === 'answer' && c.request.target?.text === text).reduce((n, c) => n + (c.result?.calls ?? 0), 0);
      assert.ok(spent <= MAX_TURN_LLM_CALLS, `${why}: "${text}" cost ${spent} model calls`);
      const answers = lines.filter((m) => m.botId !== null && m.replyTo === q!.messageId);
      assert.is(answers.length, 1, `${why}: "${text}" got ${answers.length} answers`);
      assert.ok(answers[0]!.at - q!.at < 3 * 60_000, `${why}: "${text}" answered after ${(answers[0]!.at - q!.at) / 1000} s`);
    }
    // No burst: never more than a turn's worth of calls within a second.
    assert.ok(maxInWindow(sim.server.requests.map((r) => r.at), 1_000) <= MAX_TURN_LLM_CALLS, `${why}: a burst of calls`);
    // The same text went out once at most; the chat carried on with the offline generator.
    assert.ok(sim.node.telegram.sent.filter((s) => s.text === SAME).length <= 1, `${why}: the stand-in's text was sent twice`);
    for (let h = 0; h < 3; h++) {
      const n = lines.filter((m) => m.botId !== null && m.at >= busy + h * HOUR && m.at < busy + (h + 1) * HOUR).length;
      assert.ok(n >= 20, `${why}: only ${n} bot lines in hour ${h}`);
    }
    await sim.stop();
  }
});

test.run();
