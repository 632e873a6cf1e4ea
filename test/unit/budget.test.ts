import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  IDLE_BUDGET, SlidingWindow, budgetAllows, budgetNextAt, createTelegramLimiter, prune, recordSend,
  type BotBudget, type BotLimits,
} from '../../actors/domain/budget.ts';
import { seededRng } from '../../actors/domain/rng.ts';
import { Invalid } from '../../actors/errors.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
const limits: BotLimits = { hourlyLimit: 12, minGapMs: 0 };

/** Max events in any window [e, e + windowMs) starting at an event (the only windows that can peak). */
function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    max = Math.max(max, j - i);
  }
  return max;
}

test('12 per hour: the 13th in the same rolling hour is refused until the first send + 1 h', () => {
  let b: BotBudget = IDLE_BUDGET;
  for (let i = 0; i < 12; i++) {
    const at = T0 + i * 60_000;
    assert.ok(budgetAllows(b, at, limits), `send ${i + 1} allowed`);
    b = recordSend(b, at);
  }
  const later = T0 + 30 * 60_000;
  assert.not.ok(budgetAllows(b, later, limits));
  assert.is(budgetNextAt(b, later, limits), T0 + HOUR);
  assert.not.ok(budgetAllows(b, T0 + HOUR - 1, limits));
  assert.ok(budgetAllows(b, T0 + HOUR, limits));
});

test('minimum gap between two sends', () => {
  const gap: BotLimits = { hourlyLimit: 12, minGapMs: 90_000 };
  const b = recordSend(IDLE_BUDGET, T0);
  assert.not.ok(budgetAllows(b, T0 + 89_999, gap));
  assert.is(budgetNextAt(b, T0 + 10_000, gap), T0 + 90_000);
  assert.ok(budgetAllows(b, T0 + 90_000, gap));
});

test('a zero limit never allows and says so with Infinity', () => {
  assert.not.ok(budgetAllows(IDLE_BUDGET, T0, { hourlyLimit: 0, minGapMs: 0 }));
  assert.is(budgetNextAt(IDLE_BUDGET, T0, { hourlyLimit: 0, minGapMs: 0 }), Infinity);
});

test('random sends that ask first never exceed the limit in ANY rolling hour', () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    const rng = seededRng(seed);
    const lim: BotLimits = { hourlyLimit: 1 + rng.int(15), minGapMs: rng.int(3) * 30_000 };
    let b: BotBudget = IDLE_BUDGET;
    const sent: number[] = [];
    let now = T0;
    for (let step = 0; step < 5_000; step++) {
      now += rng.int(120_000);
      b = prune(b, now);
      if (rng.chance(0.8) && budgetAllows(b, now, lim)) {
        b = recordSend(b, now);
        sent.push(now);
      }
      for (const t of b.sentAt) assert.ok(t > now - HOUR, 'state holds the last hour only');
    }
    assert.ok(sent.length > 100, `seed ${seed} sent enough to test (${sent.length})`);
    assert.ok(maxInAnyWindow(sent, HOUR) <= lim.hourlyLimit, `seed ${seed} exceeded ${lim.hourlyLimit}`);
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i]! - sent[i - 1]! >= lim.minGapMs, 'gap kept');
  }
});

test('prune drops the old, keeps the object when nothing changed, and is empty when idle', () => {
  const b = recordSend(recordSend(IDLE_BUDGET, T0), T0 + 1000);
  assert.is(prune(b, T0 + 2000), b);
  assert.equal(prune(b, T0 + HOUR + 500).sentAt, [T0 + 1000]);
  assert.is(prune(b, T0 + 5 * HOUR).sentAt.length, 0);
  assert.equal(recordSend(b, T0 + 2 * HOUR).sentAt, [T0 + 2 * HOUR]);
  assert.equal(b.sentAt, [T0, T0 + 1000], 'recordSend does not mutate');
});

test('bad limits and times are Invalid, not crashes', () => {
  assert.throws(() => budgetAllows(IDLE_BUDGET, T0, { hourlyLimit: -1, minGapMs: 0 }), (e: unknown) => e instanceof Invalid);
  assert.throws(() => budgetAllows(IDLE_BUDGET, T0, { hourlyLimit: 1.5, minGapMs: 0 }), (e: unknown) => e instanceof Invalid);
  assert.throws(() => budgetNextAt(IDLE_BUDGET, T0, { hourlyLimit: 1, minGapMs: NaN }), (e: unknown) => e instanceof Invalid);
  assert.throws(() => recordSend(IDLE_BUDGET, NaN), (e: unknown) => e instanceof Invalid);
  assert.throws(() => createTelegramLimiter({ perChatPerSec: 0 }), (e: unknown) => e instanceof Invalid);
});

test('SlidingWindow.nextAt is the moment the blocking event leaves the window', () => {
  const times = [0, 100, 200, 900];
  assert.is(SlidingWindow.count(times, 950, 1000), 4);
  assert.is(SlidingWindow.nextAt(times, 950, 1000, 3), 1100);
  assert.is(SlidingWindow.nextAt(times, 950, 1000, 5), 950);
  assert.is(SlidingWindow.expired(times, 1150, 1000), 2);
});

test('Telegram: one message per second per chat, across bots', () => {
  const lim = createTelegramLimiter();
  assert.is(lim.nextAllowedAt('a', 'c1', T0), T0);
  lim.record('a', 'c1', T0);
  assert.is(lim.nextAllowedAt('b', 'c1', T0 + 10), T0 + 1000);
  assert.is(lim.nextAllowedAt('b', 'c2', T0 + 10), T0 + 10, 'another chat is free');
  assert.is(lim.nextAllowedAt('b', 'c1', T0 + 1000), T0 + 1000);
});

test('Telegram: 20 per minute per bot per chat', () => {
  const lim = createTelegramLimiter({ perChatPerSec: 100 });
  for (let i = 0; i < 20; i++) {
    assert.is(lim.nextAllowedAt('a', 'c1', T0 + i * 100), T0 + i * 100);
    lim.record('a', 'c1', T0 + i * 100);
  }
  assert.is(lim.nextAllowedAt('a', 'c1', T0 + 2000), T0 + 60_000);
  assert.is(lim.nextAllowedAt('b', 'c1', T0 + 2000), T0 + 2000, 'other bots are not limited');
});

test('Telegram: a bot across 40 chats never sends more than 30 in any second', () => {
  const lim = createTelegramLimiter();
  const sent: number[] = [];
  const perChat = new Map<string, number[]>();
  let now = T0;
  for (let round = 0; round < 200; round++) {
    for (let c = 0; c < 40; c++) {
      const chat = `c${c}`;
      const at = lim.nextAllowedAt('bot', chat, now);
      if (at > now) continue;
      lim.record('bot', chat, now);
      sent.push(now);
      perChat.set(chat, [...(perChat.get(chat) ?? []), now]);
    }
    now += 50;
  }
  assert.ok(sent.length > 200);
  assert.is(maxInAnyWindow(sent, 1000), 30);
  for (const times of perChat.values()) {
    assert.ok(maxInAnyWindow(times, 1000) <= 1);
    assert.ok(maxInAnyWindow(times, 60_000) <= 20);
  }
});

test('Telegram limiter memory: idle chats and bots hold nothing', () => {
  const lim = createTelegramLimiter();
  for (let i = 0; i < 1000; i++) lim.record(`bot${i % 50}`, `chat${i}`, T0 + i);
  assert.ok(lim.size > 0);
  lim.prune(T0 + 2 * 60_000);
  assert.is(lim.size, 0);
  lim.record('x', 'y', T0 + 10 * 60_000);
  assert.is(lim.size, 2, 'only the live chat and bot');
});

test('Telegram limiter sweeps by itself as time moves on', () => {
  const lim = createTelegramLimiter();
  for (let i = 0; i < 100; i++) lim.record(`bot${i}`, `chat${i}`, T0 + i * 10);
  lim.record('late', 'late', T0 + 5 * 60_000);
  assert.is(lim.size, 2);
});

test.run();
