// The chaos checker can fail: a clean record passes, and each planted fault — a send twice, a lost
// person's message, an hourly overrun, a Telegram-limit breach, a stale write — is caught and named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, mentions, mostInWindow, norm, type ChaosRecord, type SandboxSend } from './checker.ts';

const T = Date.UTC(2026, 11, 1, 9);
const CHAT = -100123;

function clean(): ChaosRecord {
  const sends: SandboxSend[] = [];
  for (let i = 0; i < 10; i++) sends.push({ chat: CHAT, bot: i % 2 ? 'ayse_bot' : 'ali_bot', messageId: 100 + i, text: `satır ${i}: THYAO ${300 + i}`, at: T + i * 30_000 });
  return {
    bots: [{ id: 'ali', handle: 'ali_bot', hourlyLimit: 6 }, { id: 'ayse', handle: 'ayse_bot', hourlyLimit: 6 }],
    telegram: { perChatPerSec: 1, perBotPerChatPerMin: 20, perBotPerSec: 30 },
    chats: { demo: CHAT },
    sends,
    humans: [{ chat: CHAT, messageId: 7, username: 'deniz', text: '@ali_bot dolar ne olur?', at: T + 1_000 }],
    messages: [
      { chatId: 'demo', botId: null, text: '@ali_bot dolar ne olur?', telegramMessageId: 7 },
      ...sends.map((s) => ({ chatId: 'demo', botId: s.bot.replace('_bot', ''), text: s.text, telegramMessageId: s.messageId })),
    ],
    leases: [{ partition: 3, revision: 10, at: T }, { partition: 3, revision: 12, at: T + 60_000 }],
    writes: [{ partition: 3, revision: 10, at: T + 30_000, what: 'outbox demo:ali:1' }, { partition: 3, revision: 12, at: T + 90_000, what: 'outbox demo:ali:2' }],
  };
}

test('own helpers: Turkish normalisation, mentions, sliding windows', () => {
  assert.is(norm('  İSTANBUL’da   DOLAR!! 🚀 '), 'istanbul da dolar');
  assert.is(norm('IĞDIR'), 'ığdır');
  assert.equal(mentions('@ali_bot ve @Ayse_Bot, e-posta a@b.com'), ['ali_bot', 'ayse_bot']);
  assert.equal(mostInWindow([0, 999, 1_000, 1_500], 1_000), { most: 3, at: 1_500 });
  assert.equal(mostInWindow([], 1_000), { most: 0, at: 0 });
});

test('a clean record: every count 0, stale writes judged', () => {
  const v = check(clean());
  assert.equal(v.violations, []);
  assert.equal(v.counts, { sends: 10, humans: 1, duplicateSends: 0, lostHumans: 0, budgetOverruns: 0, telegramBreaches: 0, staleWrites: 0, addressed: 1, addressedAnswered: 1 });
  const { leases: _l, writes: _w, ...noLeases } = clean();
  assert.is(check(noLeases).counts.staleWrites, undefined, 'no leases: not measured, not 0');
});

test('planted: a send twice (after a failover, the same text again, punctuation aside)', () => {
  const r = clean();
  const again = { ...r.sends[3]!, messageId: 999, text: `${r.sends[3]!.text.toUpperCase()}!`, at: r.sends[3]!.at + 4_000 };
  const v = check({ ...r, sends: [...r.sends, again] });
  assert.is(v.counts.duplicateSends, 1);
  assert.match(v.violations[0]!.detail, /#103 and #999/);
});

test("planted: a person's message missing from the database", () => {
  const r = clean();
  const v = check({ ...r, humans: [...r.humans, { chat: CHAT, messageId: 8, username: 'deniz', text: 'kimse yok mu', at: T + 5_000 }] });
  assert.is(v.counts.lostHumans, 1);
  assert.is(v.violations[0]!.kind, 'lost-human');
});

test('planted: an hourly overrun across a restart (counted in a rolling hour, not per clock hour)', () => {
  const r = clean();
  const extra: SandboxSend[] = [0, 1].map((i) => ({ chat: CHAT, bot: 'ali_bot', messageId: 300 + i, text: `yeni ${i}`, at: T + 3_000_000 + i * 60_000 }));
  const v = check({ ...r, sends: [...r.sends, ...extra] });
  assert.is(v.counts.budgetOverruns, 1);
  assert.match(v.violations[0]!.detail, /@ali_bot: 7 sends in the hour/);
  const later = extra.map((s) => ({ ...s, at: s.at + 700_000 })); // the first sends have left the hour by then
  assert.is(check({ ...r, sends: [...r.sends, ...later] }).counts.budgetOverruns, 0);
});

test('planted: two messages in one chat within a second, and 21 in a minute from one bot', () => {
  const r = clean();
  const burst = { chat: CHAT, bot: 'ayse_bot', messageId: 400, text: 'hızlı', at: r.sends[0]!.at + 400 };
  assert.is(check({ ...r, sends: [...r.sends, burst] }).counts.telegramBreaches, 1);
  const many: SandboxSend[] = Array.from({ length: 21 }, (_, i) => ({ chat: -100999, bot: 'ali_bot', messageId: 500 + i, text: `akış ${i}`, at: T + 7_200_000 + i * 2_500 }));
  const v = check({ ...r, bots: r.bots.map((b) => ({ ...b, hourlyLimit: 100 })), sends: [...r.sends, ...many] });
  assert.is(v.counts.telegramBreaches, 1);
  assert.match(v.violations[0]!.detail, /ali_bot in -100999: 21 in 60 s/);
});

test('planted: a write with an old revision after a newer lease was granted', () => {
  const r = clean();
  const v = check({ ...r, writes: [...r.writes!, { partition: 3, revision: 10, at: T + 61_000, what: 'outbox demo:ali:3' }] });
  assert.is(v.counts.staleWrites, 1);
  assert.match(v.violations[0]!.detail, /outbox demo:ali:3 on partition 3 with revision 10/);
});

test.run();
