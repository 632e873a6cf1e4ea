// The chat reducer: people addressed go first and pre-empt unsent drafts, duplicates get one
// regeneration then are dropped (case 7), stale drafts are dropped, pause stops everything (case 2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  REPLAN_WAIT_MS, chatStep, createChatState, createTelegramLimiter, seededRng, unansweredMentions, ADDRESS_EXPIRY_MS,
  type ChatEffect, type ChatState, type HumanMessage, type Persona,
} from '../../actors/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';

const config = loadConfig(DEMO_CONFIG_PATH);
const personas: Persona[] = config.bots.map((p) => ({ ...p, activeHours: [] }));
const chat = { ...config.chats[0]!, primeHours: [] };
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const rng = seededRng(1);
const env = (now = NOW) => ({ now, rng });

function fresh(): ChatState {
  return createChatState(chat, { ...config.settings, typing: false, reactionProbability: 0 }, personas, ['BIST:THYAO', 'USDTRY'], createTelegramLimiter());
}
const tells = (fx: ChatEffect[], kind: string) => fx.filter((e) => e.kind === 'tellBot' && e.message.kind === kind) as Extract<ChatEffect, { kind: 'tellBot' }>[];
let nextMessageId = 100;
const human = (text: string, extra: Partial<HumanMessage> = {}): HumanMessage => ({ chatId: chat.id, messageId: nextMessageId++, userId: 1, username: 'deniz', text, at: NOW, ...extra });

/** Drive a state until a bot holds the floor with a compose request; returns that bot and turn. */
function openFloor(s: ChatState): { botId: string; turnId: number } {
  const fx = chatStep(s, { kind: 'tick' }, env());
  const c = tells(fx, 'compose')[0];
  assert.ok(c, 'a tick gives someone the floor');
  return { botId: c.botId, turnId: (c.message as { turnId: number }).turnId };
}

test('a mention goes to the addressed bot in answer mode, threaded to the human message', () => {
  const s = fresh();
  const ali = personas[2]!;
  const h = human(`@${ali.handle} faiz ne olur?`);
  const fx = chatStep(s, { kind: 'human', message: h }, env());
  assert.ok(fx.some((e) => e.kind === 'record'));
  const tick = chatStep(s, { kind: 'tick' }, env());
  const c = tells(tick, 'compose')[0]!;
  assert.is(c.botId, ali.id);
  assert.is((c.message as { mode: string }).mode, 'answer');
  assert.is((c.message as { target?: { messageId: number } }).target?.messageId, h.messageId);
});

test("a reply to a bot's message the chat does not have (its send's answer was lost, or it is older than the transcript) goes to the bot Telegram names", () => {
  const s = fresh();
  const can = personas.find((p) => p.id === 'can_chartist')!;
  const other = openFloor(s);
  const h = human('neden öyle düşünüyorsun?', { replyTo: 7, replyToHandle: can.handle });
  const fx = chatStep(s, { kind: 'human', message: h }, env());
  assert.is(tells(fx, 'cancelled')[0]?.botId, other.botId, 'the routine turn in hand gives way');
  const c = tells(chatStep(s, { kind: 'tick' }, env()), 'compose')[0]!;
  assert.is(c.botId, can.id);
  assert.is((c.message as { mode: string }).mode, 'answer');
  assert.is((c.message as { target?: { messageId: number } }).target?.messageId, h.messageId);
});

test('a message to the group, or to a bot that is away, gets its one answer from a member who is around; a bot busy for long does not make the chat rush', () => {
  const s = fresh();
  const h = human('ASELS için destek neresi?');
  chatStep(s, { kind: 'human', message: h }, env());
  const c = tells(chatStep(s, { kind: 'tick' }, env()), 'compose')[0]!;
  assert.is((c.message as { mode: string }).mode, 'answer');
  assert.is(c.botId, 'can_chartist', 'the chartist answers a levels question');
  assert.is((c.message as { intent?: { ask?: string } }).intent?.ask, 'levels');

  const away = createChatState(chat, { ...config.settings, typing: false, reactionProbability: 0 },
    personas.map((p) => (p.id === 'mehmet_trader' ? { ...p, activeHours: ['20:00-21:00'] } : p)), ['BIST:THYAO'], createTelegramLimiter());
  const toMehmet = human('@mehmet_trader_bot THYAO alınır mı?');
  chatStep(away, { kind: 'human', message: toMehmet }, env());
  const other = tells(chatStep(away, { kind: 'tick' }, env()), 'compose')[0]!;
  assert.is.not(other.botId, 'mehmet_trader');
  assert.is((other.message as { target?: { messageId: number } }).target?.messageId, toMehmet.messageId);

  // The named bot is around but out of budget for ten minutes: the others talk at the chat's pace.
  const busy = fresh();
  const ali = personas[2]!;
  chatStep(busy, { kind: 'human', message: human(`@${ali.handle} faiz ne olur?`) }, env());
  busy.answerBusyUntil.set(ali.id, NOW + 10 * 60_000);
  const floor = openFloor(busy);
  assert.is.not(floor.botId, ali.id);
  chatStep(busy, { kind: 'draft', turnId: floor.turnId, botId: floor.botId, text: 'Endeks bugün sakin, acele yok', topic: 'BIST', mood: 'sakin', attempt: 0 }, env());
  const fx = chatStep(busy, { kind: 'sent', turnId: floor.turnId, messageId: 900, at: NOW }, env());
  const next = fx.find((e) => e.kind === 'schedule' && e.timer === 'turn');
  assert.ok(next && next.kind === 'schedule' && next.delayMs > 0, `the next turn at once: ${JSON.stringify(next)}`);
});

test("a mention pre-empts another bot's unsent draft: it is cancelled and refunded", () => {
  const s = fresh();
  const floor = openFloor(s);
  const other = personas.find((p) => p.id !== floor.botId)!;
  chatStep(s, { kind: 'draft', turnId: floor.turnId, botId: floor.botId, text: 'THYAO bugün fena değil', topic: 'BIST', mood: 'sakin', attempt: 0 }, env());
  const fx = chatStep(s, { kind: 'human', message: human(`@${other.handle} sen ne diyorsun?`) }, env());
  assert.equal(tells(fx, 'cancelled').map((t) => t.botId), [floor.botId]);
  assert.is(s.floor, undefined);
  const next = tells(chatStep(s, { kind: 'tick' }, env()), 'compose')[0]!;
  assert.is(next.botId, other.id);
});

test('a duplicate draft is regenerated (attempt 1, then 2 without a model), then dropped and refunded, and the next plan waits (case 7)', () => {
  const s = fresh();
  const first = openFloor(s);
  chatStep(s, { kind: 'draft', turnId: first.turnId, botId: first.botId, text: 'Dolar yine yükseliyor, dikkat', topic: 'FX', mood: 'sakin', attempt: 0 }, env());
  chatStep(s, { kind: 'sent', turnId: first.turnId, messageId: 1, at: NOW }, env());
  const second = openFloor(s);
  const fx1 = chatStep(s, { kind: 'draft', turnId: second.turnId, botId: second.botId, text: 'dolar yine yükseliyor dikkat!!', topic: 'FX', mood: 'sakin', attempt: 0 }, env());
  const retry = tells(fx1, 'compose')[0];
  assert.ok(retry, 'regeneration requested');
  assert.is((retry.message as { attempt: number }).attempt, 1);
  const fx2 = chatStep(s, { kind: 'draft', turnId: second.turnId, botId: second.botId, text: 'Dolar yine yükseliyor, dikkat.', topic: 'FX', mood: 'sakin', attempt: 1 }, env());
  assert.is((tells(fx2, 'compose')[0]?.message as { attempt: number } | undefined)?.attempt, 2, 'then once more, without a model');
  const fx3 = chatStep(s, { kind: 'draft', turnId: second.turnId, botId: second.botId, text: 'DOLAR yine yükseliyor, dikkat!', topic: 'FX', mood: 'sakin', attempt: 2 }, env());
  assert.equal(tells(fx3, 'cancelled').map((t) => t.botId), [second.botId]);
  assert.not.ok(fx3.some((e) => e.kind === 'send'));
  assert.is(s.stats.dropped.duplicate, 1);
  assert.is(s.floor, undefined);
  const next = fx3.find((e) => e.kind === 'schedule' && e.timer === 'turn');
  assert.ok(next && next.kind === 'schedule' && next.delayMs >= REPLAN_WAIT_MS, 'a re-planned floor waits before composing again');
});

test('a draft whose chat moved on by more than staleAfterMessages is dropped', () => {
  const s = fresh();
  const f = openFloor(s);
  for (let i = 0; i <= config.settings.staleAfterMessages; i++) chatStep(s, { kind: 'human', message: human(`mesaj ${i} hakkında bir şey`) }, env());
  const fx = chatStep(s, { kind: 'draft', turnId: f.turnId, botId: f.botId, text: 'geç kalmış bir cevap', topic: 'BIST', mood: 'sakin', attempt: 0 }, env());
  assert.ok(tells(fx, 'cancelled').length === 1);
  assert.is(s.stats.dropped.stale, 1);
});

test('paused: nothing is planned, humans are still recorded; resume plans a turn (case 2)', () => {
  const s = fresh();
  let reply: unknown;
  chatStep(s, { kind: 'command', command: { cmd: 'pause' }, reply: (r) => (reply = r) }, env());
  assert.equal(reply, { ok: true, chat: chat.id, paused: true });
  assert.is(tells(chatStep(s, { kind: 'tick' }, env()), 'compose').length, 0);
  const fx = chatStep(s, { kind: 'human', message: human(`@${personas[0]!.handle} orada mısın?`) }, env());
  assert.ok(fx.some((e) => e.kind === 'record'));
  assert.is(tells(chatStep(s, { kind: 'tick' }, env()), 'compose').length, 0);
  const resumed = chatStep(s, { kind: 'command', command: { cmd: 'resume' }, reply: (r) => (reply = r) }, env());
  assert.ok(resumed.some((e) => e.kind === 'schedule' && e.timer === 'turn'));
  assert.is(tells(chatStep(s, { kind: 'tick' }, env()), 'compose')[0]?.botId, personas[0]!.id);
});

test('a bad command gets a clear error, never silence', () => {
  const s = fresh();
  let reply: unknown;
  chatStep(s, { kind: 'command', command: { cmd: 'pace', perMinute: -3 }, reply: (r) => (reply = r) }, env());
  assert.equal(reply, { ok: false, error: 'pace: perMinute must be a number in (0, 60]', field: 'perMinute' });
  chatStep(s, { kind: 'command', command: { cmd: 'dance' } as never, reply: (r) => (reply = r) }, env());
  assert.equal(reply, { ok: false, error: 'unknown command "dance"', field: 'cmd' });
});

test('delivery assigns the next sequence, records the message and tells the bot', () => {
  const s = fresh();
  const f = openFloor(s);
  // Without typing delays and within Telegram's limits the draft goes out at once, exactly once.
  const send = chatStep(s, { kind: 'draft', turnId: f.turnId, botId: f.botId, text: 'BIST 100 güne sakin başladı', topic: 'BIST', mood: 'sakin', attempt: 0 }, env()).find((e) => e.kind === 'send');
  assert.ok(send);
  assert.not.ok(chatStep(s, { kind: 'send', turnId: f.turnId }, env()).some((e) => e.kind === 'send'), 'a late send timer does not send twice');
  const fx = chatStep(s, { kind: 'sent', turnId: f.turnId, messageId: 7, at: NOW + 10 }, env(NOW + 10));
  assert.is(s.seq, 1);
  assert.is(s.transcript.at(-1)?.messageId, 7);
  assert.ok(fx.some((e) => e.kind === 'record'));
  assert.equal(tells(fx, 'delivered').map((t) => t.botId), [f.botId]);
});

test("a person's edit changes their line in place and is stored as an edit: no new line, no sequence, no turn", () => {
  const s = fresh();
  const h = human('dolar ne olur');
  chatStep(s, { kind: 'human', message: h }, env());
  const seq = s.seq;
  const fx = chatStep(s, { kind: 'human', message: { ...h, text: 'dolar/TL ne olur?', edited: true } }, env());
  assert.equal(fx, [{ kind: 'edit', messageId: h.messageId, userId: h.userId, text: 'dolar/TL ne olur?' }]);
  assert.is(s.seq, seq);
  assert.equal(s.transcript.filter((m) => m.messageId === h.messageId).map((m) => m.text), ['dolar/TL ne olur?']);
  assert.is(s.transcript.find((m) => m.messageId === h.messageId)?.userId, h.userId, 'the line keeps who wrote it');
});

test("an edit from another person's id does not rewrite the line (the store is told who edits and refuses it too)", () => {
  const s = fresh();
  const h = human('dolar ne olur');
  chatStep(s, { kind: 'human', message: h }, env());
  const fx = chatStep(s, { kind: 'human', message: { ...h, userId: h.userId + 1, text: 'başkasının yazısı', edited: true } }, env());
  assert.equal(s.transcript.filter((m) => m.messageId === h.messageId).map((m) => m.text), ['dolar ne olur']);
  assert.equal(fx, [{ kind: 'edit', messageId: h.messageId, userId: h.userId + 1, text: 'başkasının yazısı' }]);
});

test('a person\'s message delivered twice (a redelivery) is recorded once', () => {
  const s = fresh();
  const h = human('@ali_ekonomist_bot faiz ne olur?');
  const first = chatStep(s, { kind: 'human', message: h }, env());
  const seq = s.seq;
  const again = chatStep(s, { kind: 'human', message: h }, env());
  assert.ok(first.some((e) => e.kind === 'record'));
  assert.equal(again, [], 'no second record, no second mention');
  assert.is(s.seq, seq);
  assert.is(s.transcript.filter((m) => m.messageId === h.messageId).length, 1);
});

test('a send whose outcome is unknown stays on the bot\'s budget at the time the outcome came, and counts for Telegram\'s limits', () => {
  const s = fresh();
  const f = openFloor(s);
  chatStep(s, { kind: 'draft', turnId: f.turnId, botId: f.botId, text: 'BIST 100 güne sakin başladı', topic: 'BIST', mood: 'sakin', attempt: 0 }, env());
  chatStep(s, { kind: 'send', turnId: f.turnId }, env());
  const fx = chatStep(s, { kind: 'failed', turnId: f.turnId, permanent: true, unknown: true }, env(NOW + 2_000));
  assert.equal(tells(fx, 'delivered').map((t) => t.message), [{ kind: 'delivered', turnId: f.turnId, chatId: chat.id, text: 'BIST 100 güne sakin başladı', at: NOW + 2_000 }]);
  assert.is(tells(fx, 'cancelled').length, 0, 'not refunded');
  assert.not.ok(fx.some((e) => e.kind === 'record'), 'not in the transcript: it may not be in the group');
  assert.ok(s.limiter.nextAllowedAt(f.botId, chat.id, NOW + 2_000) > NOW + 2_000, 'Telegram\'s per-chat limit counts it');
});

test('after a restart: the mentions of the stored transcript that their bot has not answered are waiting again', () => {
  const s = fresh();
  const [ayse, , ali] = personas;
  const line = (messageId: number, botId: string | null, text: string, extra: object = {}) => ({ seq: messageId, chatId: chat.id, messageId, botId, speaker: botId ?? 'deniz', text, at: NOW - 60_000, ...extra });
  const stored = [
    line(1, null, `@${ali!.handle} faiz?`), // answered below
    line(2, ali!.id, 'bence artar', { replyTo: 1 }),
    line(3, null, `@${ayse!.handle} THYAO?`), // answered only with a reaction: still waiting
    line(4, ayse!.id, '👍', { replyTo: 3, reaction: true }),
    line(5, null, 'genel bir laf'), // addressed to nobody
    line(6, ali!.id, 'soru var mı?'),
    line(7, null, 'sen ne dersin', { replyTo: 6 }), // a reply to Ali: addressed to him, unanswered
    line(8, null, `@${ali!.handle} eski soru`, { at: NOW - ADDRESS_EXPIRY_MS - 1 }), // too old to answer now
  ];
  assert.equal(unansweredMentions(stored, s.members, NOW).map((m) => m.messageId), [3, 7]);
});

test.run();
