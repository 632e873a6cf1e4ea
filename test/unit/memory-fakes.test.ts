// The in-memory fakes and the fault decorator: what they record, and that faults replay per seed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fnv1a, Invalid, OutcomeUnknown, seededRng, Transient } from '../../actors/index.ts';
import type { BotStateRecord, ChatMessage, GenerationRequest, LlmPort, SendMessageRequest } from '../../actors/index.ts';
import { MemoryBotStateStore, MemoryDeadLetters, MemoryTranscriptStore } from '../../persistence/index.ts';
import {
  faultsOf, faulty, MemoryBus, MemoryTelegram, RecordingLlm, subjectMatches, VirtualClock,
} from '../../transport/index.ts';

const msg = (chatId: string, key: string, text = 'merhaba'): SendMessageRequest =>
  ({ botId: 'ali', chatId, text, idempotencyKey: key });

/** Resolves to the outcome of `p` without throwing, so a test can look at rejections. */
const settle = <T>(p: Promise<T>) => p.then((value) => ({ value }), (error: unknown) => ({ error }));

test('telegram: message ids count per chat, humans included; bad text is Invalid', async () => {
  const clock = new VirtualClock(1000);
  const tg = new MemoryTelegram({ clock });
  assert.is((await tg.sendMessage(msg('a', 'k1'))).messageId, 1);
  assert.is((await tg.sendMessage(msg('b', 'k2'))).messageId, 1);
  await clock.advanceBy(500);
  assert.equal(await tg.sendMessage({ ...msg('a', 'k3'), replyTo: 99 }), { messageId: 2, at: 1500 });
  assert.is(tg.human({ chatId: 'a', username: 'deniz', text: 'selam' }).messageId, 3);
  assert.equal(tg.sent[2], { chatId: 'a', botId: 'ali', messageId: 2, text: 'merhaba', replyTo: 99, at: 1500, idempotencyKey: 'k3' });
  for (const text of ['  ', 'x'.repeat(4097)]) {
    const outcome = await settle(tg.sendMessage(msg('a', 'bad', text)));
    assert.instance((outcome as { error: unknown }).error, Invalid);
  }
  assert.is(tg.sent.length, 3);
  assert.is(tg.calls.length, 5);
  await tg.sendChatAction('ali', 'a', 'typing');
  await tg.setMessageReaction('ali', 'a', 3, '👍');
  assert.equal(tg.actions, [{ botId: 'ali', chatId: 'a', action: 'typing', at: 1500 }]);
  assert.equal(tg.reactions, [{ botId: 'ali', chatId: 'a', messageId: 3, emoji: '👍', at: 1500 }]);
});

test("telegram: a person's reply to a bot's message names the bot's username, as Telegram does", async () => {
  const tg = new MemoryTelegram({ clock: new VirtualClock(42), handleOf: (id) => (id === 'ali' ? 'ali_ekonomist_bot' : undefined) });
  const sent = await tg.sendMessage(msg('a', 'k1'));
  const person = tg.human({ chatId: 'a', username: 'deniz', text: 'selam' });
  assert.is(tg.human({ chatId: 'a', username: 'deniz', text: 'neden?', replyTo: sent.messageId }).replyToHandle, 'ali_ekonomist_bot');
  assert.is(tg.human({ chatId: 'a', username: 'deniz', text: 'evet', replyTo: person.messageId }).replyToHandle, undefined);
  assert.is(tg.human({ chatId: 'b', username: 'deniz', text: 'başka grup', replyTo: sent.messageId }).replyToHandle, undefined);
});

test('telegram: humans reach onHuman handlers until unsubscribed', () => {
  const tg = new MemoryTelegram({ clock: new VirtualClock(42) });
  const seen: string[] = [];
  const off = tg.onHuman((m) => seen.push(`${m.messageId}:${m.username}:${m.text}:${m.at}`));
  const first = tg.human({ chatId: 'a', username: 'deniz', text: 'hi', replyTo: 7 });
  assert.is(first.replyTo, 7);
  assert.is(first.userId, tg.human({ chatId: 'b', username: 'deniz', text: 'x' }).userId);
  off();
  tg.human({ chatId: 'a', username: 'deniz', text: 'gone' });
  assert.equal(seen, ['1:deniz:hi:42', '1:deniz:x:42']);
  assert.is(tg.humans.length, 3);
});

test('telegram: duplicates() lists idempotency keys sent more than once', async () => {
  const tg = new MemoryTelegram({ clock: new VirtualClock() });
  for (const key of ['k1', 'k2', 'k1', 'k3', 'k3', 'k1']) await tg.sendMessage(msg('a', key));
  assert.equal(tg.duplicates(), ['k1', 'k3']);
});

test('bus: partitions are stable and spread evenly', () => {
  const bus = new MemoryBus();
  assert.is(bus.partitions, 64);
  const address = { kind: 'bot', id: 'mehmet' } as const;
  assert.is(bus.partitionOf(address), fnv1a('bot:mehmet') % 64);
  assert.is(new MemoryBus().partitionOf(address), bus.partitionOf(address));
  const counts = new Array<number>(64).fill(0);
  for (let i = 0; i < 10_000; i++) counts[bus.partitionOf({ kind: 'bot', id: `bot_${i}` })]!++;
  const mean = 10_000 / 64;
  for (const n of counts) assert.ok(Math.abs(n - mean) <= 0.4 * mean, `partition holds ${n}, mean ${mean}`);
});

test('bus: a send with options hands its id and trace context to the host as the envelope', () => {
  const bus = new MemoryBus({ clock: new VirtualClock(5) });
  const got: unknown[] = [];
  bus.host('chat', (_to, m, envelope) => {
    got.push([m, envelope]);
  });
  const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
  bus.send({ kind: 'chat', id: 'demo' }, 'plain');
  bus.send({ kind: 'chat', id: 'demo' }, 'traced', { durable: true, id: 'tg:1:42', trace });
  assert.equal(got, [['plain', undefined], ['traced', { deliveries: 1, id: 'tg:1:42', trace }]]);
  assert.equal(bus.sends[1]!.options, { durable: true, id: 'tg:1:42', trace });
});

test('bus: send reaches the host of its kind, or is recorded as undeliverable', () => {
  const bus = new MemoryBus({ clock: new VirtualClock(5) });
  const got: unknown[] = [];
  const off = bus.host('bot', (to, m) => {
    got.push([to.id, m]);
  });
  assert.throws(() => bus.host('bot', () => undefined), /already hosted/);
  bus.send({ kind: 'bot', id: 'ali' }, 'hello');
  bus.send({ kind: 'chat', id: 'demo' }, 'nobody');
  off();
  bus.send({ kind: 'bot', id: 'ali' }, 'late');
  assert.equal(got, [['ali', 'hello']]);
  assert.equal(bus.undeliverable.map((s) => s.message), ['nobody', 'late']);
  assert.is(bus.sends.length, 3);
  assert.is(bus.sends[0]!.at, 5);
});

test('bus: NATS-style wildcards', () => {
  assert.ok(subjectMatches('piyasa.chat.*.said', 'piyasa.chat.demo.said'));
  assert.not.ok(subjectMatches('piyasa.chat.*.said', 'piyasa.chat.demo.x.said'));
  assert.ok(subjectMatches('piyasa.>', 'piyasa.chat.demo.said'));
  assert.not.ok(subjectMatches('piyasa.chat.>', 'piyasa.chat'));
  assert.not.ok(subjectMatches('piyasa.chat', 'piyasa.chat.demo'));
  const bus = new MemoryBus();
  const got: string[] = [];
  bus.subscribe('piyasa.chat.*.said', (s) => got.push(`said ${s}`));
  const off = bus.subscribe('piyasa.>', (s) => got.push(`all ${s}`));
  bus.publish('piyasa.chat.demo.said', { seq: 1 });
  off();
  bus.publish('piyasa.chat.demo.said', { seq: 2 });
  bus.publish('other.subject', {});
  assert.equal(got, ['said piyasa.chat.demo.said', 'all piyasa.chat.demo.said', 'said piyasa.chat.demo.said']);
  assert.is(bus.published.length, 3);
});

test('stores: bot state is copied in and out', async () => {
  const store = new MemoryBotStateStore();
  const record = { botId: 'ali', emotion: { valence: 0, arousal: 0.3, confidence: 0.5 }, emotionAt: 1, sentAt: [1, 2] };
  await store.save(record);
  (record.sentAt as number[]).push(3);
  const loaded = (await store.load('ali')) as { -readonly [K in keyof BotStateRecord]: BotStateRecord[K] };
  assert.equal(loaded.sentAt, [1, 2]);
  (loaded.sentAt as number[]).push(4);
  loaded.emotionAt = 99;
  assert.equal(await store.load('ali'), { ...record, sentAt: [1, 2] });
  assert.is(await store.load('nobody'), undefined);
  assert.equal(store.calls.map((c) => c.method), ['save', 'load', 'load', 'load']);
  assert.equal((store.calls[0]!.args[0] as BotStateRecord).sentAt, [1, 2]);
});

test('stores: transcript keeps per-chat order, recent() newest last', async () => {
  const store = new MemoryTranscriptStore();
  const line = (chatId: string, seq: number): ChatMessage =>
    ({ seq, chatId, messageId: seq, botId: null, speaker: 'deniz', text: `m${seq}`, at: seq });
  for (let seq = 1; seq <= 5; seq++) await store.append(line('a', seq));
  await store.append(line('b', 1));
  assert.equal((await store.recent('a', 3)).map((m) => m.seq), [3, 4, 5]);
  assert.equal((await store.recent('a', 0)), []);
  assert.equal(store.all('a').map((m) => m.seq), [1, 2, 3, 4, 5]);
  assert.is(store.all('b').length, 1);
  assert.ok(Object.isFrozen(store.all('a')[0]));
});

test('stores: dead letters are bounded, evictions counted', () => {
  assert.is(new MemoryDeadLetters().capacity, 10_000);
  const dl = new MemoryDeadLetters({ capacity: 3 });
  const reasons = ['poison', 'poison', 'malformed', 'mailbox-full', 'poison'] as const;
  reasons.forEach((reason, i) => dl.put({ at: i, actor: 'bot/ali', message: i, reason, attempts: 1 }));
  assert.equal(dl.list().map((l) => l.at), [2, 3, 4]);
  assert.is(dl.dropped, 2);
  assert.equal(dl.byReason(), { poison: 3, malformed: 1, 'mailbox-full': 1 });
});

test('faulty: failNth fails exactly those calls of that method', async () => {
  const clock = new VirtualClock();
  const tg = new MemoryTelegram({ clock });
  const port = faulty(tg, { failNth: { method: 'sendMessage', n: [2, 4] } }, { rng: seededRng(1), clock });
  const outcomes: string[] = [];
  for (let i = 1; i <= 5; i++) {
    await port.sendChatAction('ali', 'a', 'typing');
    const r = await settle(port.sendMessage(msg('a', `k${i}`)));
    outcomes.push('error' in r ? (r.error as Error).message : 'ok');
  }
  assert.equal(outcomes, ['ok', 'injected fault', 'ok', 'injected fault', 'ok']);
  assert.is(tg.sent.length, 3);
  assert.is(tg.actions.length, 5);
  assert.equal(faultsOf(port).map((f) => `${f.method}:${f.kind}`), ['sendMessage:fail', 'sendMessage:fail']);
  assert.throws(() => faultsOf(tg), /not a port returned by faulty/);
});

test('faulty: failRate with a seed is reproducible', async () => {
  const pattern = async (seed: number) => {
    const clock = new VirtualClock();
    const port = faulty(new MemoryTelegram({ clock }), { failRate: 0.3 }, { rng: seededRng(seed), clock });
    let bits = '';
    for (let i = 0; i < 60; i++) bits += 'error' in (await settle(port.sendMessage(msg('a', `k${i}`)))) ? 'x' : '.';
    return bits;
  };
  const a = await pattern(7);
  assert.is(await pattern(7), a);
  assert.is.not(await pattern(8), a);
  const failures = a.split('x').length - 1;
  assert.ok(failures > 5 && failures < 35, `failures: ${failures}`);
});

test('faulty: latency waits on the clock', async () => {
  const clock = new VirtualClock();
  const tg = new MemoryTelegram({ clock });
  const port = faulty(tg, { latencyMs: { min: 100, max: 100 } }, { rng: seededRng(1), clock });
  let done = false;
  const sent = port.sendMessage(msg('a', 'k1')).then((r) => ((done = true), r));
  await clock.advanceBy(99);
  assert.is(done, false);
  assert.is(tg.sent.length, 0);
  await clock.advanceBy(1);
  assert.equal(await sent, { messageId: 1, at: 100 });
  assert.equal(faultsOf(port), [{ method: 'sendMessage', kind: 'latency', at: 0, args: [msg('a', 'k1')] }]);
});

test('faulty: duplicate calls twice and returns the first; drop skips the call', async () => {
  const clock = new VirtualClock();
  const tg = new MemoryTelegram({ clock });
  const dup = faulty(tg, { duplicateRate: 1, methods: ['sendMessage'] }, { rng: seededRng(1), clock });
  assert.is((await dup.sendMessage(msg('a', 'k1'))).messageId, 1);
  assert.is(tg.sent.length, 2);
  assert.equal(tg.duplicates(), ['k1']);
  await dup.sendChatAction('ali', 'a', 'typing'); // not covered by the plan
  assert.is(tg.actions.length, 1);
  assert.equal(faultsOf(dup).map((f) => f.kind), ['duplicate']);

  const drop = faulty(tg, { dropRate: 1 }, { rng: seededRng(1), clock });
  assert.is(await drop.sendChatAction('ali', 'a', 'typing'), undefined);
  const r = await settle(drop.sendMessage(msg('a', 'k2')));
  assert.instance((r as { error: unknown }).error, Transient);
  assert.is(((r as { error: Error }).error).message, 'dropped');
  assert.is(tg.actions.length, 1);
  assert.is(tg.sent.length, 2);
  assert.equal(faultsOf(drop).map((f) => `${f.method}:${f.kind}`), ['sendChatAction:drop', 'sendMessage:drop']);
});

test('faulty: a lost answer makes the call (it takes effect) and rejects with OutcomeUnknown; covers picks the calls', async () => {
  const clock = new VirtualClock();
  const tg = new MemoryTelegram({ clock });
  const lost = faulty(tg, { lostAnswerRate: 1, methods: ['sendMessage'], covers: (_m, args) => (args[0] as { idempotencyKey: string }).idempotencyKey !== 'spared' }, { rng: seededRng(1), clock });
  const r = await settle(lost.sendMessage(msg('a', 'k1')));
  assert.instance((r as { error: unknown }).error, OutcomeUnknown);
  assert.equal(tg.sent.map((s) => s.idempotencyKey), ['k1'], 'Telegram has it');
  assert.is((await lost.sendMessage(msg('a', 'spared'))).messageId, 2, 'a call the plan does not cover goes through');
  assert.equal(faultsOf(lost).map((f) => [f.kind, (f.args[0] as { idempotencyKey: string }).idempotencyKey]), [['lost', 'k1']]);
});

test('RecordingLlm records requests, results and errors', async () => {
  let n = 0;
  const inner: LlmPort = {
    generate: async () => {
      if (++n === 2) throw new Transient('quota');
      return { text: 'selam', model: 'offline' };
    },
  };
  const llm = new RecordingLlm(inner);
  const request = { botId: 'ali', attempt: 0 } as unknown as GenerationRequest;
  assert.equal(await llm.generate(request), { text: 'selam', model: 'offline' });
  await settle(llm.generate(request));
  assert.is(llm.calls.length, 2);
  assert.is(llm.calls[0]!.request, request);
  assert.equal(llm.calls[0]!.result, { text: 'selam', model: 'offline' });
  assert.instance(llm.calls[1]!.error, Transient);
});

test.run();
