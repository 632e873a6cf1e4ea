// The store contract: the same expectations for the in-memory stores and the PostgreSQL ones (bot
// state, transcripts, outbox, recovery after a restart). Each *.test.ts file runs it on one backend.
import * as assert from 'uvu/assert';
import type { Context, Test } from 'uvu';
import type { BotMemoryStore, BotStateRecord, BotStateStore, ChatMessage, OutboxStore, TranscriptStore } from '../../actors/index.ts';

export interface Backend {
  readonly botStates: BotStateStore;
  readonly transcripts: TranscriptStore;
  readonly outbox: OutboxStore;
  readonly memories: BotMemoryStore;
  /** Seeds a bot's state as the config upsert does at start. */
  seed(record: BotStateRecord): Promise<void>;
  /** The same data after a process restart: fresh store objects, then outbox recovery. */
  restart(): Promise<Backend & { readonly ambiguous: readonly string[] }>;
  close(): Promise<void>;
}

const emotion = { valence: 0.2, arousal: 0.5, confidence: 0.6, irritation: 0.1 };
const state = (botId: string, sentAt: number[] = []): BotStateRecord => ({ botId, emotion: { ...emotion }, emotionAt: 1_000, sentAt });
/** Deniz's Telegram user id. */
const DENIZ = 424_242;
const human = (chatId: string, seq: number, messageId: number, at: number): ChatMessage =>
  ({ seq, chatId, messageId, botId: null, speaker: 'deniz', userId: DENIZ, text: `insan ${seq}`, at });
const botLine = (chatId: string, botId: string, seq: number, messageId: number, at: number, replyTo?: number): ChatMessage =>
  ({ seq, chatId, messageId, botId, speaker: botId, text: `bot ${seq}`, at, topic: 'BIST', ...(replyTo !== undefined ? { replyTo } : {}) });
const entry = (chatId: string, botId: string, turnId: number, at: number) =>
  ({ idempotencyKey: `${chatId}:${botId}:${turnId}`, chatId, botId, turnId, text: `bot ${turnId}`, at });

/** Registers the contract's tests on `suite`; `make` gives a fresh, empty backend per test. */
export function storeContract(suite: Test<Context>, make: () => Promise<Backend>): void {
  let b: Backend;
  suite.before.each(async () => {
    b = await make();
  });
  suite.after.each(async () => {
    await b.close();
  });

  suite('bot state: unknown is undefined; a save is loaded back as written', async () => {
    assert.is(await b.botStates.load('ali'), undefined);
    await b.botStates.save(state('ali', [10, 20]));
    await b.botStates.save(state('ali', [10, 20, 30]));
    assert.equal(await b.botStates.load('ali'), state('ali', [10, 20, 30]));
    assert.is(await b.botStates.load('ayse'), undefined);
  });

  suite('transcripts: the newest lines per chat, oldest first, humans and bots alike', async () => {
    await b.transcripts.append(human('c1', 1, 1, 100));
    await b.transcripts.append(botLine('c1', 'ali', 2, 2, 200, 1));
    await b.transcripts.append(human('c2', 1, 1, 150));
    await b.transcripts.append(human('c1', 3, 3, 300));
    assert.equal(await b.transcripts.recent('c1', 2), [botLine('c1', 'ali', 2, 2, 200, 1), human('c1', 3, 3, 300)]);
    assert.equal((await b.transcripts.recent('c1', 10)).map((m) => m.seq), [1, 2, 3]);
    assert.equal(await b.transcripts.recent('c2', 10), [human('c2', 1, 1, 150)]);
    assert.equal(await b.transcripts.recent('c1', 0), []);
  });

  suite("transcripts: a person's edit changes their own line in place (one line, not two); bots' lines, other people's lines and unknown ids are left alone", async () => {
    await b.transcripts.append(human('c1', 1, 7, 100));
    await b.transcripts.append(botLine('c1', 'ali', 2, 8, 200, 7));
    await b.transcripts.append({ ...human('c1', 3, 9, 300), speaker: 'ece', userId: 777 });
    await b.transcripts.edit('c1', 7, 'insan 1, düzeltildi', DENIZ);
    await b.transcripts.edit('c1', 7, 'someone else rewriting deniz', 777);
    await b.transcripts.edit('c1', 9, 'deniz rewriting ece', DENIZ);
    await b.transcripts.edit('c1', 8, 'a bot line is never edited this way', DENIZ);
    await b.transcripts.edit('c1', 99, 'no such message', DENIZ);
    await b.transcripts.edit('c2', 7, 'another chat', DENIZ);
    assert.equal(await b.transcripts.recent('c1', 10), [
      { ...human('c1', 1, 7, 100), text: 'insan 1, düzeltildi' }, botLine('c1', 'ali', 2, 8, 200, 7), { ...human('c1', 3, 9, 300), speaker: 'ece', userId: 777 },
    ]);
  });

  suite('outbox: a key is claimed once; a failure may be retried; a delivery is never sent again', async () => {
    await b.seed(state('ali'));
    const e = entry('c1', 'ali', 1, 1_000);
    assert.is(await b.outbox.begin(e), 'send');
    assert.is(await b.outbox.begin(e), 'ambiguous', 'a key in flight is not claimed twice');
    await b.outbox.failed(e.idempotencyKey, 'Transient: 502');
    assert.is(await b.outbox.begin({ ...e, at: 2_000 }), 'send', 'a refused send may be retried');
    await b.outbox.delivered({ idempotencyKey: e.idempotencyKey, message: botLine('c1', 'ali', 1, 7, 2_100) });
    await b.outbox.delivered({ idempotencyKey: e.idempotencyKey, message: botLine('c1', 'ali', 1, 7, 2_100) });
    assert.is(await b.outbox.begin(e), 'done');
    assert.equal(await b.transcripts.recent('c1', 10), [botLine('c1', 'ali', 1, 7, 2_100)], 'one line, however often it is reported');
    assert.equal((await b.botStates.load('ali'))?.sentAt, [2_100], 'the delivery debited the budget');
  });

  suite('outbox: turn ids per chat survive, so keys never repeat', async () => {
    assert.is(await b.outbox.lastTurn('c1'), 0);
    await b.outbox.begin(entry('c1', 'ali', 4, 1));
    await b.outbox.begin(entry('c1', 'veli', 9, 2));
    await b.outbox.begin(entry('c2', 'ali', 2, 3));
    const after = await b.restart();
    assert.is(await after.outbox.lastTurn('c1'), 9);
    assert.is(await after.outbox.lastTurn('c2'), 2);
    await after.close();
  });

  suite('outbox: recent sends of a chat (sent, sending, ambiguous; not failed) survive a restart, oldest first', async () => {
    await b.seed(state('ali'));
    await b.seed(state('veli'));
    await b.outbox.begin(entry('c1', 'ali', 1, 1_000));
    await b.outbox.delivered({ idempotencyKey: 'c1:ali:1', message: botLine('c1', 'ali', 1, 11, 1_050) });
    await b.outbox.begin(entry('c1', 'veli', 2, 2_000)); // left sending: may have reached Telegram
    await b.outbox.begin(entry('c1', 'ali', 3, 3_000));
    await b.outbox.failed('c1:ali:3', 'refused');
    await b.outbox.begin(entry('c1', 'veli', 4, 500)); // before `since`
    await b.outbox.begin(entry('c2', 'ali', 5, 2_500)); // another chat
    const after = await b.restart();
    assert.ok(after.outbox.recentSends, 'the store offers recentSends');
    assert.equal(await after.outbox.recentSends!('c1', 900), [{ botId: 'ali', at: 1_050 }, { botId: 'veli', at: 2_000, uncertain: true }]);
    assert.equal(await after.outbox.recentSends!('c3', 0), []);
    await after.close();
  });

  suite('memories: ranked by relevance, recency and use; about the one answered first; kept per bot', async () => {
    const day = 86_400_000;
    const now = 100 * day;
    const m = b.memories;
    await m.remember({ botId: 'ali', kind: 'past_event', content: '2001 krizi', relevance: 0.9, createdAt: now - 60 * day });
    const fresh = await m.remember({ botId: 'ali', kind: 'preference', content: 'temettü sever', relevance: 0.9, createdAt: now - day });
    await m.remember({ botId: 'ali', kind: 'conversation', content: 'Deniz yeni başladı', about: 'deniz', sourceMessageId: 4, relevance: 0.4, createdAt: now - 2 * day });
    await m.remember({ botId: 'veli', kind: 'routine', content: 'sabah kahvesi', createdAt: now });
    const contents = async (about?: string, limit = 3) => (await m.recall('ali', { limit, now, ...(about ? { about } : {}) })).map((x) => x.content);
    assert.equal(await contents(), ['temettü sever', '2001 krizi', 'Deniz yeni başladı']);
    assert.equal(await contents('deniz', 1), ['Deniz yeni başladı']);
    for (let i = 0; i < 4; i++) await m.markUsed([fresh], now + i);
    assert.equal(await contents(), ['2001 krizi', 'temettü sever', 'Deniz yeni başladı'], 'a memory used often steps back');
    const [used] = (await m.recall('ali', { limit: 3, now })).filter((x) => x.id === fresh);
    assert.equal([used?.usageCount, used?.lastUsedAt], [4, now + 3]);
    const [told] = await m.recall('ali', { limit: 1, now, about: 'deniz' });
    assert.equal([told?.kind, told?.about, told?.sourceMessageId, told?.createdAt], ['conversation', 'deniz', 4, now - 2 * day]);
    assert.equal((await m.recall('veli', { limit: 5, now })).map((x) => [x.content, x.relevance]), [['sabah kahvesi', 1]]);
    // Recalls asked together (a store may read them in one go) each get their own bot's memories only.
    const together = await Promise.all(['veli', 'ali', 'nobody', 'veli', 'ali'].map((bot) => m.recall(bot, { limit: 5, now })));
    assert.equal(together.map((list) => list.map((x) => x.botId + ':' + x.content).sort()), [
      ['veli:sabah kahvesi'], ['ali:2001 krizi', 'ali:Deniz yeni başladı', 'ali:temettü sever'], [], ['veli:sabah kahvesi'], ['ali:2001 krizi', 'ali:Deniz yeni başladı', 'ali:temettü sever'],
    ]);
  });

  suite('restart: budget, mood and transcript survive; an interrupted send is ambiguous, counted and never resent', async () => {
    await b.seed(state('ali'));
    const t0 = 10_000_000;
    // 3 sends delivered, a 4th in flight when the process died.
    for (let i = 1; i <= 3; i++) {
      assert.is(await b.outbox.begin(entry('c1', 'ali', i, t0 + i)), 'send');
      await b.outbox.delivered({ idempotencyKey: `c1:ali:${i}`, message: botLine('c1', 'ali', i, i, t0 + i) });
    }
    await b.botStates.save({ ...state('ali', [t0 + 1, t0 + 2, t0 + 3]), emotion: { ...emotion, valence: -0.4 } });
    assert.is(await b.outbox.begin(entry('c1', 'ali', 4, t0 + 4)), 'send');
    const after = await b.restart();
    assert.equal(after.ambiguous, ['c1:ali:4']);
    const s = await after.botStates.load('ali');
    assert.equal(s?.sentAt, [t0 + 1, t0 + 2, t0 + 3, t0 + 4], 'the ambiguous send counts against the budget');
    assert.is(s?.emotion.valence, -0.4);
    assert.equal((await after.transcripts.recent('c1', 10)).map((m) => m.seq), [1, 2, 3]);
    assert.is(await after.outbox.begin(entry('c1', 'ali', 4, t0 + 5)), 'ambiguous', 'never resent');
    assert.is(await after.outbox.begin(entry('c1', 'ali', 2, t0 + 5)), 'done');
    await after.close();
  });
}
