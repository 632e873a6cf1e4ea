// The chaos run's invariant checker, written from the rules and on purpose apart from the code it
// judges: it imports nothing of Piyasa's and has its own normalisation, rolling-hour and sliding-window
// counts and mention parsing. It reads the sandbox's record of every send (as the harness saw it),
// the people's messages the load generator posted, and rows read from the database.

/** A bot as the config declares it (parsed by the harness with the yaml package, not Piyasa's loader). */
export interface BotRule {
  readonly id: string;
  readonly handle: string;
  readonly hourlyLimit: number;
}

export interface TelegramRule {
  readonly perChatPerSec: number;
  readonly perBotPerChatPerMin: number;
  readonly perBotPerSec: number;
}

/** A message (or reaction) a bot got accepted by the sandbox; `at` is when the harness saw it (ms). */
export interface SandboxSend {
  readonly chat: number;
  readonly bot: string;
  readonly messageId: number;
  readonly text: string;
  readonly at: number;
  readonly reaction?: boolean;
}

/** A person's message the load generator posted and the sandbox accepted. */
export interface HumanPost {
  readonly chat: number;
  readonly messageId: number;
  readonly username: string;
  readonly text: string;
  readonly at: number;
  readonly replyTo?: number;
}

/** Rows of the `messages` table. */
export interface MessageRow {
  readonly chatId: string;
  readonly botId: string | null;
  readonly text: string;
  readonly telegramMessageId: number | null;
}

/** A lease granted on a partition (revision = fencing token) and a durable write stamped with one. */
export interface LeaseGrant { readonly partition: number; readonly revision: number; readonly at: number }
export interface FencedWrite { readonly partition: number; readonly revision: number; readonly at: number; readonly what: string }

export interface ChaosRecord {
  readonly bots: readonly BotRule[];
  readonly telegram: TelegramRule;
  /** Config chat id → the sandbox's (Telegram's) chat id. */
  readonly chats: Readonly<Record<string, number>>;
  readonly sends: readonly SandboxSend[];
  readonly humans: readonly HumanPost[];
  readonly messages: readonly MessageRow[];
  /** Leases and fenced writes, when the run had them (a cluster); absent: stale writes not measured. */
  readonly leases?: readonly LeaseGrant[];
  readonly writes?: readonly FencedWrite[];
}

export interface Violation { readonly kind: string; readonly detail: string }

export interface Verdict {
  readonly counts: {
    readonly sends: number;
    readonly humans: number;
    readonly duplicateSends: number;
    readonly lostHumans: number;
    readonly budgetOverruns: number;
    readonly telegramBreaches: number;
    /** undefined: the run had no leases to judge by. */
    readonly staleWrites: number | undefined;
    /** People who addressed a bot (mention or reply) and got that bot's reply (figure, not an invariant). */
    readonly addressed: number;
    readonly addressedAnswered: number;
  };
  readonly violations: readonly Violation[];
}

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Two sends of one text by one bot into one chat within this long are the same send twice. */
const DUPLICATE_WINDOW = 10 * MINUTE;

/** Lower case the Turkish way (İ→i, I→ı), letters and digits only, single spaces. */
export function norm(text: string): string {
  const lower = text.normalize('NFKC').replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase();
  return lower.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The handles a text mentions ("@name", case-insensitive), without the @. */
export function mentions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[^\w@])@([A-Za-z0-9_]{3,64})/g)) out.push(m[1]!.toLowerCase());
  return out;
}

/** The most events in any window [t − windowMs, t] open at the left: e counts at t while t − e < windowMs. */
export function mostInWindow(times: readonly number[], windowMs: number): { most: number; at: number } {
  const t = [...times].sort((a, b) => a - b);
  let most = 0, at = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs) j++;
    if (i - j + 1 > most) {
      most = i - j + 1;
      at = t[i]!;
    }
  }
  return { most, at };
}

function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(x);
  }
  return m;
}

export function check(r: ChaosRecord): Verdict {
  const violations: Violation[] = [];
  const flag = (kind: string, detail: string): void => {
    violations.push({ kind, detail });
  };
  const messages = r.sends.filter((s) => !s.reaction);

  // 1. The same text from the same bot into the same chat twice within the window: sent twice.
  let duplicateSends = 0;
  for (const [k, list] of groupBy(messages, (s) => `${s.chat}|${s.bot}|${norm(s.text)}`)) {
    const sorted = [...list].sort((a, b) => a.at - b.at);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.at - sorted[i - 1]!.at < DUPLICATE_WINDOW) {
        duplicateSends++;
        flag('duplicate-send', `${k.split('|').slice(0, 2).join(' ')} #${sorted[i - 1]!.messageId} and #${sorted[i]!.messageId}: "${sorted[i]!.text.slice(0, 60)}"`);
      }
    }
  }

  // 2. Every person's message the sandbox accepted is in the system of record.
  const telegramChat = new Map(Object.entries(r.chats).map(([id, tg]) => [tg, id]));
  const stored = new Set(r.messages.filter((m) => m.botId === null).map((m) => `${m.chatId}|${m.telegramMessageId ?? ''}`));
  const storedText = new Set(r.messages.filter((m) => m.botId === null).map((m) => `${m.chatId}|${norm(m.text)}`));
  let lostHumans = 0;
  for (const h of r.humans) {
    const chatId = telegramChat.get(h.chat);
    if (chatId === undefined || !(stored.has(`${chatId}|${h.messageId}`) || storedText.has(`${chatId}|${norm(h.text)}`))) {
      lostHumans++;
      flag('lost-human', `chat ${h.chat} #${h.messageId} from ${h.username}: "${h.text.slice(0, 60)}"`);
    }
  }

  // 3. No bot over its hourly limit in any rolling hour (messages and reactions alike).
  let budgetOverruns = 0;
  const byHandle = new Map(r.bots.map((b) => [b.handle.toLowerCase(), b]));
  for (const [handle, list] of groupBy(r.sends, (s) => s.bot.toLowerCase())) {
    const bot = byHandle.get(handle);
    if (!bot) {
      flag('unknown-bot', `sends from @${handle}, which the config does not name`);
      continue;
    }
    const { most, at } = mostInWindow(list.map((s) => s.at), HOUR);
    if (most > bot.hourlyLimit) {
      budgetOverruns++;
      flag('budget-overrun', `@${handle}: ${most} sends in the hour up to ${new Date(at).toISOString()} (limit ${bot.hourlyLimit})`);
    }
  }

  // 4. Telegram's limits: per chat per second, per bot per chat per minute, per bot per second.
  let telegramBreaches = 0;
  const breach = (what: string, times: readonly number[], windowMs: number, limit: number): void => {
    const { most, at } = mostInWindow(times, windowMs);
    if (most > limit) {
      telegramBreaches++;
      flag('telegram-limit', `${what}: ${most} in ${windowMs / SECOND} s up to ${new Date(at).toISOString()} (limit ${limit})`);
    }
  };
  for (const [chat, list] of groupBy(messages, (s) => String(s.chat))) breach(`chat ${chat}`, list.map((s) => s.at), SECOND, r.telegram.perChatPerSec);
  for (const [k, list] of groupBy(messages, (s) => `${s.bot} in ${s.chat}`)) breach(k, list.map((s) => s.at), MINUTE, r.telegram.perBotPerChatPerMin);
  for (const [bot, list] of groupBy(messages, (s) => s.bot)) breach(`@${bot}`, list.map((s) => s.at), SECOND, r.telegram.perBotPerSec);

  // 5. A write stamped with a revision older than one already granted for its partition.
  let staleWrites: number | undefined;
  if (r.leases && r.writes) {
    staleWrites = 0;
    for (const w of r.writes) {
      const newer = r.leases.find((g) => g.partition === w.partition && g.revision > w.revision && g.at < w.at);
      if (newer) {
        staleWrites++;
        flag('stale-write', `${w.what} on partition ${w.partition} with revision ${w.revision} at ${w.at}, after revision ${newer.revision} was granted at ${newer.at}`);
      }
    }
  }

  // A figure: people who addressed a bot and got its reply (mention or reply to its message).
  const botOf = new Map(messages.map((s) => [`${s.chat}|${s.messageId}`, s.bot.toLowerCase()]));
  let addressed = 0, addressedAnswered = 0;
  for (const h of r.humans) {
    const to = h.replyTo !== undefined ? botOf.get(`${h.chat}|${h.replyTo}`) : mentions(h.text).find((m) => byHandle.has(m));
    if (!to) continue;
    addressed++;
    if (r.sends.some((s) => s.chat === h.chat && s.bot.toLowerCase() === to && s.at >= h.at)) addressedAnswered++;
  }

  return {
    counts: { sends: messages.length, humans: r.humans.length, duplicateSends, lostHumans, budgetOverruns, telegramBreaches, staleWrites, addressed, addressedAnswered },
    violations,
  };
}
