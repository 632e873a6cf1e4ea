// Rate budgets that are never exceeded: a bot's rolling-hour limit and minimum gap (pure state in,
// new state out), and Telegram's own flood limits as sliding windows per chat, per bot per chat and per bot.
import { Invalid } from '../errors.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

// ---------------------------------------------------------------- sliding window

/**
 * Counting over a sorted (oldest first) list of event times. An event at `e` counts at time `t`
 * while `t - e < windowMs`, so "at most `limit` in any window of `windowMs`" holds for every window,
 * not just fixed buckets. Shared by the bot budget and the Telegram limiter.
 */
export const SlidingWindow = {
  /** Events still inside the window ending at `now`. */
  count(times: readonly number[], now: number, windowMs: number): number {
    const from = now - windowMs;
    let n = 0;
    for (let i = times.length - 1; i >= 0 && times[i]! > from; i--) n++;
    return n;
  },

  /** The earliest time ≥ `now` at which one more event keeps the window within `limit`;
   * `Infinity` when `limit` is 0. */
  nextAt(times: readonly number[], now: number, windowMs: number, limit: number): number {
    if (limit <= 0) return Infinity;
    const inWindow = SlidingWindow.count(times, now, windowMs);
    if (inWindow < limit) return now;
    // The (inWindow - limit + 1)-th oldest event inside the window has to leave it first.
    return times[times.length - limit]! + windowMs;
  },

  /** How many leading events have left the window at `now` (they can be dropped). */
  expired(times: readonly number[], now: number, windowMs: number): number {
    const from = now - windowMs;
    let n = 0;
    while (n < times.length && times[n]! <= from) n++;
    return n;
  },
} as const;

function checkTime(now: number): void {
  if (!Number.isFinite(now)) throw new Invalid(`time must be a finite epoch ms, got ${now}`, 'now');
}

// ---------------------------------------------------------------- per bot

/** A bot's rolling-hour budget: epoch ms of its sends (messages and reactions), oldest first,
 * only the last hour. Empty when the bot has been idle for an hour. */
export interface BotBudget {
  readonly sentAt: readonly number[];
}

export interface BotLimits {
  /** Sends allowed in any rolling 60 minutes (persona `hourlyLimit`, old default 12). 0 = never. */
  readonly hourlyLimit: number;
  /** Minimum ms between two sends of the bot in any chat (persona `minGapSec` × 1000). */
  readonly minGapMs: number;
}

/** The budget of a bot that has sent nothing in the last hour. Shared, never mutated. */
export const IDLE_BUDGET: BotBudget = Object.freeze({ sentAt: Object.freeze([]) as readonly number[] });

function checkLimits(limits: BotLimits): void {
  if (!Number.isInteger(limits.hourlyLimit) || limits.hourlyLimit < 0) {
    throw new Invalid(`hourlyLimit must be a non-negative integer, got ${limits.hourlyLimit}`, 'hourlyLimit');
  }
  if (!Number.isFinite(limits.minGapMs) || limits.minGapMs < 0) {
    throw new Invalid(`minGapMs must be a non-negative number, got ${limits.minGapMs}`, 'minGapMs');
  }
}

/** Drop sends older than an hour. Returns `b` itself when nothing changed (no allocation). */
export function prune(b: BotBudget, now: number): BotBudget {
  checkTime(now);
  const drop = SlidingWindow.expired(b.sentAt, now, HOUR_MS);
  if (drop === 0) return b;
  return drop === b.sentAt.length ? IDLE_BUDGET : { sentAt: b.sentAt.slice(drop) };
}

/** The earliest time ≥ `now` at which the bot may send: both the hourly window and the minimum gap
 * are respected. `Infinity` when `hourlyLimit` is 0. */
export function budgetNextAt(b: BotBudget, now: number, limits: BotLimits): number {
  checkTime(now);
  checkLimits(limits);
  const times = b.sentAt;
  const byHour = SlidingWindow.nextAt(times, now, HOUR_MS, limits.hourlyLimit);
  const last = times.length > 0 ? times[times.length - 1]! : -Infinity;
  return Math.max(byHour, last + limits.minGapMs);
}

/** Routine sends allowed in any quarter hour for an hourly limit of `hourlyLimit`: a quarter of it plus
 * one, so a bot's budget lasts the hour instead of going in one burst. */
export function quarterLimit(hourlyLimit: number): number {
  return Math.ceil(hourlyLimit / 4) + 1;
}

/** The earliest time ≥ `now` at which a routine send keeps the quarter-hour spread (see quarterLimit). */
export function spreadNextAt(b: BotBudget, now: number, hourlyLimit: number): number {
  checkTime(now);
  return SlidingWindow.nextAt(b.sentAt, now, 15 * MINUTE_MS, quarterLimit(hourlyLimit));
}

/** Whether the bot may send (a message or a reaction) at `now`. Ask before every send. */
export function budgetAllows(b: BotBudget, now: number, limits: BotLimits): boolean {
  return budgetNextAt(b, now, limits) <= now;
}

/** The budget after a send at `now` (pruned). Record reactions too: they count against the limit. */
export function recordSend(b: BotBudget, now: number): BotBudget {
  checkTime(now);
  const sentAt = b.sentAt.slice(SlidingWindow.expired(b.sentAt, now, HOUR_MS));
  // Keep the list sorted even if a restored state carries a later time than `now`.
  let i = sentAt.length;
  while (i > 0 && sentAt[i - 1]! > now) i--;
  sentAt.splice(i, 0, now);
  return { sentAt };
}

// ---------------------------------------------------------------- Telegram flood limits

/** Telegram's limits (Bots FAQ); exact values are dynamic, so these are the safe side. */
/** Telegram's limit on one message's text, in UTF-16 code units as JavaScript counts them. */
export const TELEGRAM_MAX_MESSAGE_CHARS = 4_096;

export interface TelegramLimits {
  /** Messages into one chat (all bots together) in any 1 s. Default 1. */
  readonly perChatPerSec: number;
  /** Messages of one bot into one group in any 60 s. Default 20. */
  readonly perBotPerChatPerMin: number;
  /** Messages of one bot across all chats in any 1 s. Default 30. */
  readonly perBotPerSec: number;
}

export const DEFAULT_TELEGRAM_LIMITS: TelegramLimits = {
  perChatPerSec: 1,
  perBotPerChatPerMin: 20,
  perBotPerSec: 30,
};

/** Sliding-window bookkeeping of Telegram sends; see `createTelegramLimiter`. */
export interface TelegramLimiter {
  /** The earliest time ≥ `now` at which `botId` may send into `chatId` (`now` when allowed). */
  nextAllowedAt(botId: string, chatId: string, now: number): number;
  /** Count a send. Call it for every message actually sent. */
  record(botId: string, chatId: string, now: number): void;
  /** Count sends made before this limiter saw them (by another node, before a restart); a send it
   * already counted (same bot, chat and time) is not counted twice. */
  restore(botId: string, chatId: string, times: readonly number[]): void;
  /** Forget everything that has left its window; runs by itself at most once a minute. */
  prune(now: number): void;
  /** Number of chats and bots holding any entry (0 when all are idle): for tests and metrics. */
  readonly size: number;
}

interface BotEntry {
  /** Sends of this bot in any chat, for the per-second limit. */
  readonly all: number[];
  /** Sends of this bot per chat, for the per-minute limit. */
  readonly chats: Map<string, number[]>;
}

class SlidingTelegramLimiter implements TelegramLimiter {
  private readonly chats = new Map<string, number[]>();
  private readonly bots = new Map<string, BotEntry>();
  private sweepAt = -Infinity;

  constructor(private readonly limits: TelegramLimits) {}

  nextAllowedAt(botId: string, chatId: string, now: number): number {
    checkTime(now);
    const { perChatPerSec, perBotPerChatPerMin, perBotPerSec } = this.limits;
    let at = now;
    const chat = this.chats.get(chatId);
    if (chat) at = Math.max(at, SlidingWindow.nextAt(chat, now, SECOND_MS, perChatPerSec));
    const bot = this.bots.get(botId);
    if (bot) {
      at = Math.max(at, SlidingWindow.nextAt(bot.all, now, SECOND_MS, perBotPerSec));
      const pair = bot.chats.get(chatId);
      if (pair) at = Math.max(at, SlidingWindow.nextAt(pair, now, MINUTE_MS, perBotPerChatPerMin));
    }
    return at;
  }

  record(botId: string, chatId: string, now: number): void {
    checkTime(now);
    if (now >= this.sweepAt) this.prune(now);
    let chat = this.chats.get(chatId);
    if (!chat) this.chats.set(chatId, (chat = []));
    push(chat, now, SECOND_MS);
    let bot = this.bots.get(botId);
    if (!bot) this.bots.set(botId, (bot = { all: [], chats: new Map() }));
    push(bot.all, now, SECOND_MS);
    let pair = bot.chats.get(chatId);
    if (!pair) bot.chats.set(chatId, (pair = []));
    push(pair, now, MINUTE_MS);
  }

  restore(botId: string, chatId: string, times: readonly number[]): void {
    const pair = this.bots.get(botId)?.chats.get(chatId) ?? [];
    const seen = new Map<number, number>();
    for (const t of pair) seen.set(t, (seen.get(t) ?? 0) + 1);
    for (const t of [...times].sort((a, b) => a - b)) {
      const n = seen.get(t) ?? 0;
      if (n > 0) seen.set(t, n - 1);
      else this.record(botId, chatId, t);
    }
  }

  prune(now: number): void {
    this.sweepAt = now + MINUTE_MS;
    for (const [id, times] of this.chats) if (trim(times, now, SECOND_MS)) this.chats.delete(id);
    for (const [id, bot] of this.bots) {
      for (const [chatId, times] of bot.chats) if (trim(times, now, MINUTE_MS)) bot.chats.delete(chatId);
      if (trim(bot.all, now, SECOND_MS) && bot.chats.size === 0) this.bots.delete(id);
    }
  }

  get size(): number {
    return this.chats.size + this.bots.size;
  }
}

/** Drop expired entries in place; true when the list is now empty. */
function trim(times: number[], now: number, windowMs: number): boolean {
  const drop = SlidingWindow.expired(times, now, windowMs);
  if (drop > 0) times.splice(0, drop);
  return times.length === 0;
}

/** Append `now` keeping the list sorted, after dropping what has left the window. */
function push(times: number[], now: number, windowMs: number): void {
  trim(times, now, windowMs);
  let i = times.length;
  while (i > 0 && times[i - 1]! > now) i--;
  if (i === times.length) times.push(now);
  else times.splice(i, 0, now);
}

function checkTelegramLimits(limits: TelegramLimits): void {
  for (const key of ['perChatPerSec', 'perBotPerChatPerMin', 'perBotPerSec'] as const) {
    const v = limits[key];
    if (!Number.isInteger(v) || v < 1) throw new Invalid(`${key} must be a positive integer, got ${v}`, key);
  }
}

/**
 * Telegram's flood limits for one node's sends, as sliding windows: per chat, per bot per chat and
 * per bot across chats. Ask `nextAllowedAt` before a send and `record` after it; memory stays bounded
 * because idle chats and bots are swept (at most once a minute, on `record`).
 */
export function createTelegramLimiter(limits: Partial<TelegramLimits> = {}): TelegramLimiter {
  const resolved = { ...DEFAULT_TELEGRAM_LIMITS, ...limits };
  checkTelegramLimits(resolved);
  return new SlidingTelegramLimiter(resolved);
}
