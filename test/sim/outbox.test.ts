// The chat actor on an outbox (the in-memory one, same contract as PostgreSQL's), on the virtual clock:
// every send is claimed once and recorded once; a restart on the same stores keeps budgets and turn
// keys; claims the store cannot answer send nothing, and sending resumes when it answers again.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OutcomeUnknown, Transient, seededRng, type OutboxStore, type TelegramPort } from '../../actors/index.ts';
import { MemoryBotStateStore, MemoryOutbox, MemoryTranscriptStore } from '../../persistence/index.ts';
import { VirtualClock, faulty } from '../../transport/index.ts';
import { createSingleNode, type NodeStores } from '../../infra/root/single.ts';
import { memoryLogger } from '../../infra/log.ts';
import { HOUR, SIM_START, demoConfig, maxInWindow } from './harness.ts';

const SEEDS = [1, 2, 3, 4, 5];
const config = demoConfig();
const MORNING = SIM_START + 4 * HOUR; // 10:00 in Istanbul

function stores() {
  const botStates = new MemoryBotStateStore({ record: false });
  const transcripts = new MemoryTranscriptStore();
  const outbox = new MemoryOutbox({ botStates, transcripts });
  return { botStates, transcripts, outbox };
}

/** What the config upsert does at start: each bot's state seeded with its baseline mood. */
async function seedStates(s: ReturnType<typeof stores>, now: number): Promise<void> {
  for (const b of config.bots) await s.botStates.save({ botId: b.id, emotion: b.emotionBaseline, emotionAt: now, sentAt: [] });
}

function node(seed: number, clock: VirtualClock, s: NodeStores, logger = memoryLogger('warn'), wrapTelegram?: (t: TelegramPort) => TelegramPort) {
  const n = createSingleNode({ config, clock, seed, logger, script: false, stores: s, ...(wrapTelegram ? { wrapTelegram } : {}) });
  n.start();
  return { n, run: (until: number) => clock.runUntil(until, () => n.system.settle()) };
}

test('every send is claimed once, its row marked sent, its line recorded once', async () => {
  for (const seed of SEEDS) {
    const clock = new VirtualClock(MORNING);
    const s = stores();
    await seedStates(s, clock.now());
    const { n, run } = node(seed, clock, s);
    await run(MORNING + 2 * HOUR);
    await n.stop();
    const sends = n.telegram.sent;
    assert.ok(sends.length > 20, `seed ${seed}: ${sends.length} sends`);
    for (const send of sends) assert.is(s.outbox.row(send.idempotencyKey)?.state, 'sent', `seed ${seed}: ${send.idempotencyKey}`);
    const begins = s.outbox.calls.filter((c) => c.method === 'begin').map((c) => c.key);
    assert.is(new Set(begins).size, begins.length, `seed ${seed}: a key claimed twice`);
    const lines = s.transcripts.all('demo').filter((m) => m.botId !== null && !m.reaction);
    assert.is(lines.length, sends.length, `seed ${seed}: one transcript line per send`);
  }
});

test('a restart on the same stores: turn keys never repeat, no bot over its hourly limit across it, the sequence carries on', async () => {
  for (const seed of SEEDS) {
    const clock = new VirtualClock(MORNING);
    const s = stores();
    await seedStates(s, clock.now());
    const first = node(seed, clock, s);
    await first.run(MORNING + 1.5 * HOUR);
    await first.n.stop();
    await s.outbox.recover();
    const logger = memoryLogger('warn');
    const second = node(seed + 100, clock, s, logger);
    await second.run(MORNING + 3 * HOUR);
    await second.n.stop();
    const sends = [...first.n.telegram.sent, ...second.n.telegram.sent];
    assert.ok(second.n.telegram.sent.length > 0, `seed ${seed}: the second run sent`);
    const refused = logger.lines.filter((l) => l.event === 'outbox.not-resent');
    assert.is(refused.length, 0, `seed ${seed}: the restarted chat reused keys: ${JSON.stringify(refused.slice(0, 2))}`);
    const keys = sends.map((x) => x.idempotencyKey);
    assert.is(new Set(keys).size, keys.length, `seed ${seed}: a key sent twice`);
    for (const b of config.bots) {
      const times = [
        ...sends.filter((x) => x.botId === b.id).map((x) => x.at),
        ...[...first.n.telegram.reactions, ...second.n.telegram.reactions].filter((r) => r.botId === b.id).map((r) => r.at),
      ];
      assert.ok(maxInWindow(times, HOUR) <= b.hourlyLimit, `seed ${seed}: ${b.id} over ${b.hourlyLimit} in an hour across the restart`);
    }
    const seqs = s.transcripts.all('demo').filter((m) => !m.reaction).map((m) => m.seq);
    seqs.forEach((q, i) => assert.is(q, i + 1, `seed ${seed}: sequence restarted at position ${i + 1}`));
  }
});

test('claims the store cannot answer send nothing and crash nothing; sending resumes when it answers', async () => {
  const clock = new VirtualClock(MORNING);
  const s = stores();
  await seedStates(s, clock.now());
  // Early in the hour, while every bot has budget left (an hour's budget runs out in about 30 minutes).
  const down = { from: MORNING + 10 * 60_000, to: MORNING + 25 * 60_000 };
  const flaky: OutboxStore = {
    begin: (e) => (clock.now() >= down.from && clock.now() < down.to ? Promise.reject(new Error('connect ECONNREFUSED')) : s.outbox.begin(e)),
    delivered: (d) => s.outbox.delivered(d),
    failed: (k, e) => s.outbox.failed(k, e),
    ambiguous: (k, e) => s.outbox.ambiguous(k, e),
    lastTurn: (c) => s.outbox.lastTurn(c),
  };
  const logger = memoryLogger('warn');
  const { n, run } = node(9, clock, { ...s, outbox: flaky }, logger);
  await run(MORNING + 2 * HOUR);
  await n.stop();
  const at = n.telegram.sent.map((x) => x.at);
  assert.ok(at.some((t) => t < down.from), 'sent before');
  assert.not.ok(at.some((t) => t >= down.from && t < down.to), 'nothing sent while claims failed');
  assert.ok(at.some((t) => t >= down.to), 'sending resumed');
  assert.ok(logger.lines.some((l) => l.event === 'outbox.unavailable'), 'logged');
  for (const sup of [n.supervisors.bots, n.supervisors.chats]) assert.is(sup.stats().restarts, 0, 'no actor restarted');
});

test('a send Telegram refused is marked failed, claimed again by the retry and sent once', async () => {
  const clock = new VirtualClock(MORNING);
  const s = stores();
  await seedStates(s, clock.now());
  const wrap = (t: TelegramPort) => faulty(t, { failNth: { method: 'sendMessage', n: [3, 7], error: () => new Transient('Bad Gateway') } }, { rng: seededRng(1), clock });
  const { n, run } = node(11, clock, s, memoryLogger('warn'), wrap);
  await run(MORNING + HOUR);
  await n.stop();
  const begins = s.outbox.calls.filter((c) => c.method === 'begin').map((c) => c.key);
  const retried = [...new Set(begins.filter((k, i) => begins.indexOf(k) !== i))];
  assert.is(retried.length, 2, `two keys claimed twice: ${JSON.stringify(retried)}`);
  for (const key of retried) {
    assert.is(s.outbox.row(key)?.state, 'sent');
    assert.is(s.outbox.row(key)?.attempts, 2);
    assert.is(n.telegram.sent.filter((x) => x.idempotencyKey === key).length, 1, `${key} sent once`);
  }
});

test('a send whose outcome is unknown (it may have reached Telegram) is marked ambiguous and never sent again', async () => {
  for (const seed of SEEDS) {
    const clock = new VirtualClock(MORNING);
    const s = stores();
    await seedStates(s, clock.now());
    let calls = 0;
    const lost: string[] = [];
    // Every fifth send: Telegram gets it, but the answer never comes back.
    const wrap = (t: TelegramPort): TelegramPort => ({
      ...t,
      sendChatAction: (...a) => t.sendChatAction(...a),
      setMessageReaction: (...a) => t.setMessageReaction(...a),
      async sendMessage(req) {
        const sent = await t.sendMessage(req);
        if (++calls % 5 === 0) {
          lost.push(req.idempotencyKey);
          throw new OutcomeUnknown('sendMessage: the connection was reset after the request was written');
        }
        return sent;
      },
    });
    const { n, run } = node(seed, clock, s, memoryLogger('error'), wrap);
    await run(MORNING + 2 * HOUR);
    await n.stop();
    assert.ok(lost.length >= 3, `seed ${seed}: ${lost.length} unknown outcomes`);
    for (const key of lost) assert.is(s.outbox.row(key)?.state, 'ambiguous', `seed ${seed}: ${key}`);
    assert.equal(n.telegram.duplicates(), [], `seed ${seed}: a key sent twice`);
    const begins = s.outbox.calls.filter((c) => c.method === 'begin').map((c) => c.key);
    for (const key of lost) assert.is(begins.filter((k) => k === key).length, 1, `seed ${seed}: ${key} claimed again`);
    assert.ok(n.telegram.sent.length > 20, `seed ${seed}: the chat stalled`);
  }
});

test.run();
