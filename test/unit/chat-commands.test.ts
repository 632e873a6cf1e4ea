// The chat's operator commands on the reducer: an operator's line (say) takes the floor before routine
// turns, goes through the chat's dedup and is answered when sent or refused; news and topic steer the
// next turns; mood nudges a member; status shows members and the last messages; members change live.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chatStep, createChatState, createTelegramLimiter, seededRng,
  type ChatEffect, type ChatState, type CommandReply, type ChatCommand, type ComposeRequest, type HumanMessage, type Persona,
} from '../../actors/index.ts';
import { DEMO_CONFIG_PATH, loadConfig } from '../../infra/config/index.ts';

const config = loadConfig(DEMO_CONFIG_PATH);
const personas: Persona[] = config.bots.map((p) => ({ ...p, activeHours: [] }));
const chat = { ...config.chats[0]!, primeHours: [] };
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const rng = seededRng(7);
const env = (now = NOW) => ({ now, rng });
const UNIVERSE = ['BIST:THYAO', 'USDTRY', 'BTCUSDT'];

function fresh(): ChatState {
  return createChatState(chat, { ...config.settings, typing: false, reactionProbability: 0 }, personas, UNIVERSE, createTelegramLimiter());
}
const composes = (fx: ChatEffect[]) => fx.filter((e) => e.kind === 'tellBot' && e.message.kind === 'compose').map((e) => e as Extract<ChatEffect, { kind: 'tellBot' }>);

/** Sends a command; returns its answer holder and the effects. */
function command(s: ChatState, c: ChatCommand): { fx: ChatEffect[]; reply: { value?: CommandReply; count: number } } {
  const reply: { value?: CommandReply; count: number } = { count: 0 };
  const fx = chatStep(s, { kind: 'command', command: c, reply: (r) => { reply.value = r; reply.count++; } }, env());
  return { fx, reply };
}

let nextId = 500;
const human = (text: string, extra: Partial<HumanMessage> = {}): HumanMessage => ({ chatId: chat.id, messageId: nextId++, userId: 1, username: 'deniz', text, at: NOW, ...extra });

test('say: the bot gets the floor with the scripted text, and the answer waits for the send', () => {
  const s = fresh();
  const bot = personas[1]!;
  const { fx, reply } = command(s, { cmd: 'say', bot: bot.id, text: 'Arkadaşlar yarın 10:00\'da duyuru var.' });
  assert.is(reply.count, 0, 'no answer before it is settled');
  assert.ok(fx.some((e) => e.kind === 'schedule' && e.timer === 'turn' && e.delayMs === 0));
  const c = composes(chatStep(s, { kind: 'tick' }, env()))[0]!;
  assert.is(c.botId, bot.id);
  const req = c.message as ComposeRequest;
  assert.is(req.scripted, 'Arkadaşlar yarın 10:00\'da duyuru var.');
  const sent = chatStep(s, { kind: 'draft', turnId: req.turnId, botId: bot.id, text: req.scripted!, topic: 'operator', mood: 'sakin', attempt: 0 }, env());
  assert.ok(sent.some((e) => e.kind === 'send' && e.text === req.scripted));
  assert.is(reply.count, 0);
  chatStep(s, { kind: 'sent', turnId: req.turnId, messageId: 77, at: NOW + 10 }, env());
  assert.is(reply.count, 1);
  assert.equal(reply.value, { ok: true, chat: chat.id, said: { bot: bot.id, text: req.scripted, seq: 1, messageId: 77, at: NOW + 10 } });
});

test("say pre-empts a routine turn not yet sent, and a person's mention does not pre-empt the say", () => {
  const s = fresh();
  const routine = composes(chatStep(s, { kind: 'tick' }, env()))[0]!;
  const other = personas.find((p) => p.id !== routine.botId)!;
  const { fx } = command(s, { cmd: 'say', bot: other.id, text: 'duyuru: sohbet 5 dakika sonra' });
  assert.ok(fx.some((e) => e.kind === 'tellBot' && e.botId === routine.botId && e.message.kind === 'cancelled'));
  assert.is(s.stats.dropped.preempted, 1);
  const say = composes(chatStep(s, { kind: 'tick' }, env()))[0]!;
  assert.is(say.botId, other.id);
  const third = personas.find((p) => p.id !== other.id)!;
  chatStep(s, { kind: 'human', message: human(`@${third.handle} bir sorum var`) }, env());
  assert.is(s.floor?.botId, other.id, 'the operator line keeps the floor');
});

test('say runs while the chat is paused (the operator speaks; the bots stay quiet)', () => {
  const s = fresh();
  command(s, { cmd: 'pause' });
  command(s, { cmd: 'say', bot: personas[0]!.id, text: 'kısa bir ara veriyoruz' });
  assert.is(composes(chatStep(s, { kind: 'tick' }, env()))[0]?.botId, personas[0]!.id);
});

test('say refused: not a member, unknown replyTo, a repeat of the chat, the bot declining (budget, content)', () => {
  const s = fresh();
  assert.equal(command(s, { cmd: 'say', bot: 'nobody', text: 'merhaba' }).reply.value, { ok: false, error: `bot "nobody" is not a member of chat "${chat.id}"`, field: 'bot' });
  assert.equal(command(s, { cmd: 'say', bot: personas[0]!.id, text: 'merhaba', replyTo: 123456 }).reply.value, { ok: false, error: "replyTo 123456 is not one of the chat's recent messages", field: 'replyTo' });

  chatStep(s, { kind: 'human', message: human('Dolar bugün çok sert yükseldi, herkes şaşkın') }, env());
  const dup = command(s, { cmd: 'say', bot: personas[0]!.id, text: 'dolar bugün çok sert yükseldi herkes şaşkın' });
  const req = composes(chatStep(s, { kind: 'tick' }, env()))[0]!.message as ComposeRequest;
  const fx = chatStep(s, { kind: 'draft', turnId: req.turnId, botId: personas[0]!.id, text: req.scripted!, topic: 'operator', mood: 'sakin', attempt: 0 }, env());
  assert.not.ok(fx.some((e) => e.kind === 'send'), 'a repeat is never sent');
  assert.not.ok(composes(fx).length, 'and not regenerated');
  assert.equal(dup.reply.value, { ok: false, error: 'not said: it repeats a recent message of this chat' });

  const budget = command(s, { cmd: 'say', bot: personas[2]!.id, text: 'bir şey söyleyeceğim' });
  const r2 = composes(chatStep(s, { kind: 'tick' }, env()))[0]!.message as ComposeRequest;
  chatStep(s, { kind: 'declined', turnId: r2.turnId, botId: personas[2]!.id, reason: 'budget', retryAt: NOW + 60_000 }, env());
  assert.equal(budget.reply.value, { ok: false, error: `not said: bot "${personas[2]!.id}" has no send left this hour or must keep its minimum gap (next possible at ${new Date(NOW + 60_000).toISOString()})` });
  assert.is(s.floor, undefined);

  const content = command(s, { cmd: 'say', bot: personas[3]!.id, text: 'garanti kazanç' });
  const r3 = composes(chatStep(s, { kind: 'tick' }, env()))[0]!.message as ComposeRequest;
  chatStep(s, { kind: 'declined', turnId: r3.turnId, botId: personas[3]!.id, reason: 'content', detail: 'promise' }, env());
  assert.equal(content.reply.value, { ok: false, error: 'not said: the text breaks the content rules (it promises a profit)' });
});

test("say waits (up to 20 s) for its bot's minimum gap instead of being refused, holding routine turns", () => {
  const s = fresh();
  const bot = personas[4]!;
  const { reply } = command(s, { cmd: 'say', bot: bot.id, text: 'birazdan grafik paylaşacağım' });
  const r1 = composes(chatStep(s, { kind: 'tick' }, env()))[0]!.message as ComposeRequest;
  const fx = chatStep(s, { kind: 'declined', turnId: r1.turnId, botId: bot.id, reason: 'budget', retryAt: NOW + 8_000 }, env());
  assert.is(reply.count, 0, 'not refused');
  assert.ok(fx.some((e) => e.kind === 'schedule' && e.timer === 'turn'));
  const early = chatStep(s, { kind: 'tick' }, env(NOW + 1_000));
  assert.is(composes(early).length, 0, 'no routine turn meanwhile');
  assert.ok(early.some((e) => e.kind === 'schedule' && e.timer === 'turn' && e.delayMs === 7_000));
  const again = composes(chatStep(s, { kind: 'tick' }, env(NOW + 8_000)))[0]!;
  assert.equal([again.botId, (again.message as ComposeRequest).scripted], [bot.id, 'birazdan grafik paylaşacağım']);
});

test('a send Telegram refuses for good answers the say with ok:false, once', () => {
  const s = fresh();
  const { reply } = command(s, { cmd: 'say', bot: personas[0]!.id, text: 'test mesajı, lütfen dikkate almayın' });
  const req = composes(chatStep(s, { kind: 'tick' }, env()))[0]!.message as ComposeRequest;
  chatStep(s, { kind: 'draft', turnId: req.turnId, botId: personas[0]!.id, text: req.scripted!, topic: 'operator', mood: 'sakin', attempt: 0 }, env());
  chatStep(s, { kind: 'failed', turnId: req.turnId, permanent: true }, env());
  assert.equal(reply.value, { ok: false, error: 'not said: Telegram refused the send' });
  chatStep(s, { kind: 'floorTimeout', turnId: req.turnId }, env());
  assert.is(reply.count, 1);
});

test('news: checked against the market, steers the next three routine turns once per news id', () => {
  const s = fresh();
  const news = { id: 'n1', headline: 'THY rekor yolcu sayısı açıkladı', symbols: ['BIST:THYAO'], impact: 0.6, at: NOW };
  const bad = command(s, { cmd: 'news', news: { ...news, symbols: ['BIST:NOPE'] } });
  assert.equal(bad.reply.value, { ok: false, error: 'news: "BIST:NOPE" is not a market symbol', field: 'symbols' });
  const { reply, fx } = command(s, { cmd: 'news', news });
  assert.equal(reply.value, { ok: true, chat: chat.id, news, steer: { topic: 'THYAO', turnsLeft: 3 } });
  assert.ok(fx.some((e) => e.kind === 'schedule' && e.timer === 'turn' && e.delayMs < 4_000), 'the chat reacts soon');
  assert.equal(chatStep(s, { kind: 'news', news }, env()), [], 'the broadcast copy of the same shock changes nothing');
  const pools: (readonly string[])[] = [];
  const about: (string | undefined)[] = [];
  for (let i = 0; i < 4; i++) {
    const c = composes(chatStep(s, { kind: 'tick' }, env()))[0]!.message as ComposeRequest;
    pools.push(c.topicPool);
    about.push(c.news ? `${c.mode}:${c.news.id}` : undefined);
    chatStep(s, { kind: 'floorTimeout', turnId: c.turnId }, env());
  }
  assert.equal(pools.slice(0, 3), [['THYAO'], ['THYAO'], ['THYAO']]);
  assert.equal(about, ['new:n1', 'new:n1', 'new:n1', undefined], 'steered turns are new posts carrying the shock');
  assert.equal(pools[3], chat.topics);
});

test('topic steers routine turns but not answers to people; mood nudges a member', () => {
  const s = fresh();
  assert.equal(command(s, { cmd: 'topic', topic: 'Kripto', turns: 2 }).reply.value, { ok: true, chat: chat.id, topic: 'Kripto', turns: 2 });
  chatStep(s, { kind: 'human', message: human(`@${personas[0]!.handle} faiz kararı ne olur?`) }, env());
  const answer = composes(chatStep(s, { kind: 'tick' }, env()))[0]!.message as ComposeRequest;
  assert.is(answer.mode, 'answer');
  assert.equal(answer.topicPool, chat.topics);
  assert.equal(s.steer, { topic: 'Kripto', turnsLeft: 2 });

  const mood = command(s, { cmd: 'mood', bot: personas[1]!.id, valence: -0.5, arousal: 0.3 });
  assert.equal(mood.reply.value, { ok: true, chat: chat.id, bot: personas[1]!.id, nudge: { valence: -0.5, arousal: 0.3 } });
  assert.ok(mood.fx.some((e) => e.kind === 'tellBot' && e.botId === personas[1]!.id && e.message.kind === 'heard' && e.message.event.kind === 'nudge'));
  assert.is(command(s, { cmd: 'mood', bot: 'ghost', valence: 1 }).reply.value?.ok, false);
});

test('status: members, pace, the last messages; members change live and a leaving floor holder gives way', () => {
  const s = fresh();
  chatStep(s, { kind: 'human', message: human('günaydın herkese') }, env());
  command(s, { cmd: 'pace', perMinute: 4 });
  const st = command(s, { cmd: 'status' }).reply.value as unknown as Record<string, unknown> & { members: { bot: string }[]; last: { text: string }[]; pace: { perMinute: number } };
  assert.is(st.ok, true);
  assert.equal(st.members.map((m) => m.bot), chat.members);
  assert.is(st.last.at(-1)!.text, 'günaydın herkese');
  assert.is(st.pace.perMinute, 4);

  const c = composes(chatStep(s, { kind: 'tick' }, env()))[0]!;
  const rest = personas.filter((p) => p.id !== c.botId && chat.members.includes(p.id));
  const fx = chatStep(s, { kind: 'members', personas: rest }, env());
  assert.is(s.floor, undefined);
  assert.ok(fx.some((e) => e.kind === 'tellBot' && e.botId === c.botId && e.message.kind === 'cancelled'));
  assert.equal(s.members.map((m) => m.persona.id), rest.map((p) => p.id));
});

test.run();
