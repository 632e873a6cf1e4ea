// The Groq chain in a simulated day under the free-tier limits (local server in-process, on the
// virtual clock): the day's quota is never exceeded, the chat never goes silent, every person who
// addresses an active bot is answered; and an outage of 429/5xx: messages keep flowing on the
// fallback, and LLM use is back within one breaker period after it ends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addressedBot, isActive, member } from '../../actors/index.ts';
import { FREE_TIER, fakeReply, type ServerFault } from '../../transport/index.ts';
import { HOUR, SEEDS, SIM_START, checkInvariants, scriptHuman, seededRng, timeline } from './harness.ts';
import { FAST, KEY, SMART, busyConfig, createLlmSim, serverDays } from './llm-harness.ts';

const DAY_SEEDS = SEEDS.slice(0, 3);
/** Routine turns not spread over the day, only the free tier's hard limits: three busy chats from
 * 06:00 run ahead of the spread by 11:00, so a routine turn right after an outage may be left to the
 * offline generator by the pacing alone, and the first turn after it would not show the breaker. */
const UNPACED = { reserveShare: 0.2, burstShare: 1 };

test(`a simulated day on the free tier: quota kept, never silent, people answered (${DAY_SEEDS.length} seeds, 2 chats)`, async () => {
  for (const seed of DAY_SEEDS) {
    const sim = createLlmSim(seed, { config: busyConfig(2) });
    for (const c of sim.config.chats) scriptHuman(sim, c.id, SIM_START, SIM_START + 24 * HOUR, seededRng(seed).fork(`human:${c.id}`));
    sim.node.start();
    await sim.run(SIM_START + 24 * HOUR);
    checkInvariants(sim);
    const why = `seed ${seed}`;

    // The quota: the server never had to refuse, and what it counted stays within every daily limit.
    assert.is(sim.server.requests.filter((r) => r.status === 429).length, 0, `${why}: the server answered 429`);
    for (const [key, d] of serverDays(sim.server)) {
      assert.ok(d.requests <= FREE_TIER.rpd && d.tokens <= FREE_TIER.tpd, `${why}: ${key} used ${d.requests} requests, ${d.tokens} tokens`);
    }
    const paced = sim.groq.stats.skipped['quota:paced'] ?? 0;
    assert.ok(paced > 0, `${why}: pacing never held a routine turn back (the test would not show the fallback)`);

    // Never silent: every waking hour (07:00–23:00 in Istanbul; the chat is meant to go quiet at night),
    // every chat has bot messages.
    for (const c of sim.config.chats) {
      const bots = timeline(sim, c.id).filter((m) => m.botId !== null);
      for (let h = 1; h < 17; h++) {
        const n = bots.filter((m) => m.at >= SIM_START + h * HOUR && m.at < SIM_START + (h + 1) * HOUR).length;
        assert.ok(n >= 3, `${why}: chat ${c.id} had ${n} bot messages in hour ${h}`);
      }
    }

    // Every person who addressed an active bot got that bot's reply; answers went to the smart model.
    let mentions = 0;
    for (const c of sim.config.chats) {
      const lines = timeline(sim, c.id);
      const members = c.members.map((id) => member(sim.node.personas.get(id)!));
      lines.forEach((h, i) => {
        if (h.botId !== null || h.at > SIM_START + 23 * HOUR) return;
        const bot = addressedBot(h, members, lines.slice(0, i));
        const m = members.find((x) => x.persona.id === bot);
        if (!m || !isActive(m, h.at, c.timezone) || !isActive(m, h.at + HOUR, c.timezone)) return;
        mentions++;
        assert.ok(lines.some((x) => x.botId === bot && x.replyTo === h.messageId), `${why}: ${c.id} #${h.messageId} to ${bot} never answered`);
      });
    }
    assert.ok(mentions >= 10, `${why}: only ${mentions} mentions`);
    const answers = sim.drafts.calls.filter((c) => c.request.mode === 'answer');
    assert.ok(answers.filter((c) => c.result?.model === SMART).length >= answers.length * 0.9, `${why}: answers not on the smart model`);

    // The LLM wrote a real share, the offline generator the rest; after the UTC day rolls, the LLM is back.
    const byLlm = sim.drafts.calls.filter((c) => c.result?.model === FAST || c.result?.model === SMART);
    assert.ok(byLlm.length > sim.drafts.calls.length * 0.3, `${why}: the LLM wrote ${byLlm.length} of ${sim.drafts.calls.length}`);
    const midnightUtc = (Math.floor(SIM_START / 86_400_000) + 1) * 86_400_000;
    assert.ok(byLlm.some((c) => c.at > midnightUtc), `${why}: no LLM draft after the quota reset at UTC midnight`);
    const delivered = sim.node.telegram.sent.length;
    assert.ok(sim.groq.stats.calls / delivered <= 1.1, `${why}: ${sim.groq.stats.calls} LLM calls for ${delivered} messages`);
    await sim.stop();
  }
});

test('an outage of 100 % 429/5xx for three minutes: messages flow on the fallback; LLM use resumes within one breaker period', async () => {
  const OPEN_MS = 30_000;
  let opened = 0;
  for (const seed of DAY_SEEDS) {
    // 11:00 in Istanbul, a busy hour; three minutes, so that three chats sharing six bots' hourly budgets
    // (about a message a minute between them) surely deliver during it.
    const from = SIM_START + 5 * HOUR;
    const to = from + 3 * 60_000;
    let now = (): number => 0;
    const sim = createLlmSim(seed, {
      config: busyConfig(3), breakerOpenMs: OPEN_MS, pacing: UNPACED,
      server: { faults: (n) => (now() >= from && now() < to ? (n % 2 ? 'rate-limit' : 'server-error') : undefined), retryAfterSec: 1 },
    });
    now = () => sim.clock.now();
    sim.node.start();
    await sim.run(from + 10 * 60_000);
    checkInvariants(sim);
    const why = `seed ${seed}`;
    const during = sim.node.telegram.sent.filter((s) => s.at >= from && s.at < to);
    assert.ok(during.length >= 1, `${why}: nothing delivered during the outage`);
    const failed = sim.server.requests.filter((r) => r.at >= from && r.at < to);
    assert.ok(failed.length >= 1 && failed.every((r) => r.status !== 200), `${why}: the outage was not hit (${failed.length} requests)`);
    const fast = sim.groq.models.get(FAST)!.breaker;
    opened += fast.opened;
    // One breaker period after the outage the breaker lets a probe through, so the first turn from
    // then on is written by the model again (and every later failure would be a new outage).
    // (A turn's first draft: a regeneration of a duplicate at attempt 2 is written offline by design.)
    assert.is(sim.groq.stats.skipped['quota:paced'], undefined, `${why}: the quota's pacing held a routine turn back (it would hide the breaker)`);
    const first = sim.drafts.calls.find((c) => c.at >= to + OPEN_MS && c.request.attempt === 0);
    assert.ok(first, `${why}: no draft after the outage`);
    assert.ok(first.result?.model === FAST || first.result?.model === SMART, `${why}: the first turn ${(first.at - to) / 1000} s after the outage was ${first.result?.model}`);
    const back = sim.server.requests.find((r) => r.at >= to && r.status === 200)!;
    assert.ok(back.at <= first.at, `${why}: LLM back ${(back.at - to) / 1000} s after the outage`);
    assert.is(fast.state(), 'closed', `${why}: the breaker did not close again`);
    // During the outage every draft came from the offline generator (nothing malformed, nothing lost).
    // (A draft begun in the last seconds may be retried after the outage ended, and succeed: not counted.)
    assert.ok(sim.drafts.calls.filter((c) => c.at >= from + 5_000 && c.at < to - 5_000).every((c) => c.result?.model === 'offline'), `${why}: a draft during the outage came from a model`);
    const logs = JSON.stringify(sim.logger.lines);
    assert.not.ok(logs.includes(KEY), `${why}: the API key is in the logs`);
    await sim.stop();
  }
  assert.ok(opened >= 1, 'the breaker never opened in any seed: the outage did not exercise it');
});

test('a quota smaller than we were told (another process spends it): headers and 429s stop the calls, offline carries the chat, the LLM is back after the reset', async () => {
  for (const seed of DAY_SEEDS.slice(0, 2)) {
    // The server allows a tenth of the free tier's requests per day and a tenth of its tokens per day.
    const sim = createLlmSim(seed, { server: { limits: { ...FREE_TIER, rpd: 100, tpd: 20_000 } } });
    sim.node.start();
    await sim.run(SIM_START + 24 * HOUR);
    checkInvariants(sim);
    const why = `seed ${seed}`;
    const refused = sim.server.requests.filter((r) => r.status === 429);
    // Each model may hit the hidden daily limit once per UTC day; after that 429 (retry-after until
    // midnight) the model is left alone, so there is no storm of refused calls.
    assert.ok(refused.length <= 4, `${why}: ${refused.length} calls refused by the server`);
    for (const [key, d] of serverDays(sim.server)) assert.ok(d.requests <= 100 && d.tokens <= 20_000, `${why}: ${key} ${d.requests} requests ${d.tokens} tokens`);
    const midnightUtc = (Math.floor(SIM_START / 86_400_000) + 1) * 86_400_000;
    const byModel = (from: number, to: number) => sim.drafts.calls.filter((c) => c.at >= from && c.at < to && c.result?.model !== 'offline').length;
    const lastBefore = sim.drafts.calls.filter((c) => c.at < midnightUtc && c.result?.model !== 'offline').at(-1)!;
    assert.ok(midnightUtc - lastBefore.at > 2 * HOUR, `${why}: the model kept being used until ${new Date(lastBefore.at).toISOString()}`);
    // UTC midnight is 03:00 in Istanbul and the chat is quiet until the run ends at 06:00: few turns, but
    // the model writes (most of) them again.
    const afterReset = sim.drafts.calls.filter((c) => c.at >= midnightUtc).length;
    assert.ok(afterReset > 0 && byModel(midnightUtc, midnightUtc + 3 * HOUR) >= afterReset / 2, `${why}: the LLM did not come back after the UTC reset`);
    const bots = timeline(sim, 'demo').filter((m) => m.botId !== null && m.at > lastBefore.at && m.at < midnightUtc);
    assert.ok(bots.length > 50, `${why}: only ${bots.length} messages while the quota was gone`);
    await sim.stop();
  }
});

test('malformed model output never reaches Telegram: a server that answers badly a third of the time', async () => {
  const BAD = [
    '{"speak": true, "text": "JSONBAD"}', '<think>THINKBAD uzun uzun düşünüyorum', '```CODEBAD```', `LONGBAD ${'çok uzun '.repeat(80)}`,
    'Mehmet Yatırımcı: LABELBAD ilk satır\nAyşe Scalper: OTHERBAD ikinci satır', '   ', '<think>THINKBAD</think>',
  ];
  for (const seed of DAY_SEEDS.slice(0, 2)) {
    const rng = seededRng(seed).fork('bad');
    const faults: ServerFault[] = ['malformed-json', 'wrong-shape', 'empty-choices', 'empty-content'];
    const sim = createLlmSim(seed, {
      server: {
        faults: () => (rng.chance(0.15) ? rng.pick(faults) : undefined),
        reply: (body, n) => (rng.chance(0.25) ? rng.pick(BAD) : fakeReply(body, n)),
      },
    });
    scriptHuman(sim, 'demo', SIM_START, SIM_START + 4 * HOUR, seededRng(seed).fork('human'));
    sim.node.start();
    await sim.run(SIM_START + 4 * HOUR);
    checkInvariants(sim);
    const why = `seed ${seed}`;
    const sent = sim.node.telegram.sent;
    for (const m of sent) {
      assert.not.match(m.text, /JSONBAD|THINKBAD|CODEBAD|LONGBAD|OTHERBAD|<\/?think|[{}`]/, `${why}: sent "${m.text}"`);
      assert.not.match(m.text, /^\s*(?:Mehmet Yatırımcı|Ayşe Scalper)\s*:/, `${why}: a speaker label was sent: "${m.text}"`);
      assert.ok(m.text.trim().length > 0 && m.text.length <= 500, `${why}: sent ${m.text.length} chars`);
    }
    const byModel = sim.drafts.calls.filter((c) => c.result?.model === FAST || c.result?.model === SMART);
    assert.ok(byModel.length > 30, `${why}: only ${byModel.length} drafts by a model`);
    assert.ok(sent.some((m) => m.text.includes('LABELBAD')), `${why}: a labelled line was never cleaned and sent (the test did not exercise the cleaning)`);
    assert.ok((sim.groq.stats.skipped.Invalid ?? 0) > 5, `${why}: few malformed outputs were refused`);
    assert.not.ok(JSON.stringify(sim.logger.lines).includes(KEY), `${why}: the key is in the logs`);
    await sim.stop();
  }
});

test.run();
