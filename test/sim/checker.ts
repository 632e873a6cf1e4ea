// The simulations' invariant checker, written from the rules (DESIGN §2, the README) with its own
// small code — normalisation, similarity, mention parsing, hour arithmetic, rolling windows — and no
// import of the code it checks, so a bug there cannot hide in both. It reads what Telegram saw and
// what the chats stored, and returns every rule broken, each as one line.

/** A message as Telegram saw it (a bot's send or a person's post). */
export interface SeenMessage {
  readonly chat: string;
  readonly id: number;
  /** null: a person. */
  readonly bot: string | null;
  readonly text: string;
  readonly at: number;
  readonly replyTo?: number;
  /** The send's idempotency key (bots' messages). */
  readonly key?: string;
  /** A person's user id. */
  readonly user?: number;
}

export interface SeenReaction {
  readonly chat: string;
  readonly bot: string;
  readonly target: number;
  readonly at: number;
}

/** A line as a chat stored it. */
export interface StoredLine {
  readonly chat: string;
  readonly seq: number;
  readonly id: number;
  readonly bot: string | null;
  readonly text: string;
}

export interface Rules {
  readonly bots: readonly { readonly id: string; readonly handle: string; readonly hourlyLimit: number; readonly minGapSec: number; readonly activeHours: readonly string[] }[];
  readonly chats: readonly { readonly id: string; readonly timezone: string; readonly members: readonly string[] }[];
  readonly telegram: { readonly perChatPerSec: number; readonly perBotPerChatPerMin: number; readonly perBotPerSec: number };
  readonly dedup: { readonly chatWindow: number; readonly botWindow: number; readonly shingle: number; readonly words: number };
}

export interface Transcript {
  /** Everything Telegram accepted, people's posts included. */
  readonly seen: readonly SeenMessage[];
  readonly reactions: readonly SeenReaction[];
  /** What the chats stored (sent messages whose answer was lost may be missing; nothing else). */
  readonly stored: readonly StoredLine[];
  /** Sends whose answer was lost (Telegram has them, the chat may not). */
  readonly answerLost?: ReadonlySet<string>;
  /** When a send that reached Telegram later than it was asked for (a slow call) was asked for, by
   * its key; `at` of a seen message is when Telegram took it. */
  readonly requestedAt?: ReadonlyMap<string, number>;
}

const HOUR = 3_600_000;

// ---------------------------------------------------------------- text

/** Lower case the Turkish way, without mentions, numbers as one "#", only letters and spaces. */
export function plain(text: string): string {
  return text
    .replace(/I/g, 'ı').replace(/İ/g, 'i').toLowerCase()
    .replace(/@\w+/g, ' ')
    .replace(/\d[\d.,%]*/g, ' # ')
    .replace(/[^\p{L}#]+/gu, ' ')
    .trim();
}

function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

const shingles = (p: string): Set<string> => new Set(Array.from({ length: Math.max(0, p.length - 3) }, (_, i) => p.slice(i, i + 4)));
const words = (p: string): Set<string> => new Set(p.split(' ').filter((w) => w.length > 2));

/** How alike two texts are: 1 for the same plain text, else the larger of the 4-character shingle
 * and word (longer than two letters, four at least in each) Jaccard indexes, each against its threshold. */
export function alike(a: string, b: string, t: { shingle: number; words: number }): string | undefined {
  const pa = plain(a);
  const pb = plain(b);
  if (pa === pb) return 'the same text';
  const s = jaccard(shingles(pa), shingles(pb));
  if (s >= t.shingle) return `${Math.round(s * 100)}% alike in shingles`;
  const wa = words(pa);
  const wb = words(pb);
  const w = wa.size >= 4 && wb.size >= 4 ? jaccard(wa, wb) : 0;
  return w >= t.words ? `${Math.round(w * 100)}% alike in words` : undefined;
}

/** Handles @mentioned in a text, lower case (a handle ends where a letter, digit or _ stops). */
export function mentioned(text: string): Set<string> {
  return new Set([...text.matchAll(/@([A-Za-z0-9_]{5,32})(?![A-Za-z0-9_])/g)].map((m) => m[1]!.toLowerCase()));
}

// ---------------------------------------------------------------- time

const clocks = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight at `at` in `timeZone`. */
export function localMinute(at: number, timeZone: string): number {
  let f = clocks.get(timeZone);
  if (!f) clocks.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = f.formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return get('hour') * 60 + get('minute');
}

/** Whether `at` falls in one of the "HH:MM-HH:MM" ranges (end exclusive; a range may cross midnight;
 * none means always). */
export function within(ranges: readonly string[], at: number, timeZone: string): boolean {
  if (ranges.length === 0) return true;
  const m = localMinute(at, timeZone);
  return ranges.some((r) => {
    const [sh, sm, eh, em] = r.split(/[:-]/).map(Number) as [number, number, number, number];
    const start = sh * 60 + sm;
    const end = eh * 60 + em;
    return start < end ? m >= start && m < end : m >= start || m < end;
  });
}

/** The most events inside any window of `ms` (a rolling window, not calendar buckets). */
export function busiest(times: readonly number[], ms: number): { count: number; at: number } {
  const t = [...times].sort((a, b) => a - b);
  let best = { count: 0, at: 0 };
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    if (i - j + 1 > best.count) best = { count: i - j + 1, at: t[j]! };
  }
  return best;
}

const iso = (at: number): string => new Date(at).toISOString().slice(0, 19);

/** The bots a person's message addresses: those it @mentions, and the one whose message it replies to. */
function addresseesOf(h: SeenMessage, handles: ReadonlyMap<string, string>, byId: ReadonlyMap<number, SeenMessage>, members: readonly string[]): string[] {
  const ids = [...mentioned(h.text)].map((x) => handles.get(x)).filter((x): x is string => x !== undefined);
  const target = h.replyTo !== undefined ? byId.get(h.replyTo) : undefined;
  if (target?.bot && members.includes(target.bot)) ids.push(target.bot);
  return ids;
}

/** Texts with words to compare (an emoji or a bare number has none). */
const comparable = (text: string): boolean => plain(text).replace(/#/g, '').trim().length >= 3;

// ---------------------------------------------------------------- the rules

/** Every rule `r` breaks, one line each (empty: all kept). */
export function violations(r: Transcript, rules: Rules): string[] {
  const out: string[] = [];
  const bots = new Map(rules.bots.map((b) => [b.id, b]));
  const botMessages = r.seen.filter((m) => m.bot !== null);
  /** Each bot's messages in every chat, in the order they went out (a bot's recent messages span its chats). */
  const ownMessages = new Map(rules.bots.map((b) => [b.id, botMessages.filter((m) => m.bot === b.id).sort((x, y) => x.at - y.at || x.id - y.id)]));

  // Budgets: messages and reactions count; any rolling hour; the minimum gap between two sends.
  for (const b of rules.bots) {
    const times = [...botMessages.filter((m) => m.bot === b.id).map((m) => m.at), ...r.reactions.filter((x) => x.bot === b.id).map((x) => x.at)].sort((x, y) => x - y);
    const worst = busiest(times, HOUR);
    if (worst.count > b.hourlyLimit) out.push(`budget: ${b.id} sent ${worst.count} in the hour from ${iso(worst.at)} (limit ${b.hourlyLimit})`);
    for (let i = 1; i < times.length; i++) {
      if (times[i]! - times[i - 1]! < b.minGapSec * 1000) {
        out.push(`gap: ${b.id} sent ${((times[i]! - times[i - 1]!) / 1000).toFixed(1)} s after its last send at ${iso(times[i]!)} (minimum ${b.minGapSec} s)`);
        break;
      }
    }
    const perSec = busiest(botMessages.filter((m) => m.bot === b.id).map((m) => m.at), 1_000);
    if (perSec.count > rules.telegram.perBotPerSec) out.push(`telegram: ${b.id} sent ${perSec.count} in one second at ${iso(perSec.at)}`);
  }

  // Sent once: an idempotency key reaches Telegram once.
  const keys = new Map<string, number>();
  for (const m of botMessages) if (m.key !== undefined) keys.set(m.key, (keys.get(m.key) ?? 0) + 1);
  for (const [k, n] of keys) if (n > 1) out.push(`sent twice: key ${k} reached Telegram ${n} times`);

  for (const chat of rules.chats) {
    const seen = r.seen.filter((m) => m.chat === chat.id).sort((a, b) => a.id - b.id);
    const said = seen.filter((m) => m.bot !== null);
    const byId = new Map(seen.map((m) => [m.id, m]));
    const handles = new Map(chat.members.map((id) => [bots.get(id)!.handle.toLowerCase(), id]));

    // Telegram's limits.
    const perChat = busiest(said.map((m) => m.at), 1_000);
    if (perChat.count > rules.telegram.perChatPerSec) out.push(`telegram: ${perChat.count} messages in one second in ${chat.id} at ${iso(perChat.at)}`);
    for (const id of chat.members) {
      const perMin = busiest(said.filter((m) => m.bot === id).map((m) => m.at), 60_000);
      if (perMin.count > rules.telegram.perBotPerChatPerMin) out.push(`telegram: ${id} sent ${perMin.count} in one minute in ${chat.id}`);
    }

    for (let i = 0; i < said.length; i++) {
      const m = said[i]!;
      const bot = bots.get(m.bot!)!;
      // Active hours, in the chat's timezone.
      if (!within(bot.activeHours, m.at, chat.timezone)) out.push(`hours: ${m.bot} spoke at ${iso(m.at)} (${chat.timezone} ${Math.floor(localMinute(m.at, chat.timezone) / 60)}h), outside ${bot.activeHours.join(', ')}`);
      // A reply comes after the message it answers, which exists.
      if (m.replyTo !== undefined) {
        const target = byId.get(m.replyTo);
        if (!target || target.id >= m.id || target.at > m.at) out.push(`order: #${m.id} by ${m.bot} replies to #${m.replyTo}, which ${target ? 'came after it' : 'was never sent'}`);
      }
      // No duplicate, exact or near, of the chat's recent messages or of the bot's own.
      if (!comparable(m.text)) continue;
      const at = seen.indexOf(m);
      const own = ownMessages.get(m.bot!)!;
      const k = own.indexOf(m);
      const recent = [...seen.slice(Math.max(0, at - rules.dedup.chatWindow), at), ...own.slice(Math.max(0, k - rules.dedup.botWindow), k)];
      for (const o of recent) {
        if (!comparable(o.text)) continue;
        const how = alike(m.text, o.text, rules.dedup);
        if (how) {
          out.push(`duplicate: #${m.id} "${m.text.slice(0, 60)}" and #${o.id} "${o.text.slice(0, 60)}" (${how})`);
          break;
        }
      }
    }

    // People addressed first: while a person's mention of (or reply to) an active bot with budget
    // left waits, the next bot message is that bot's threaded answer to it. A send asked of Telegram
    // no later than the person wrote was already on its way: the chat had not heard them when it
    // spoke, and a message sent cannot be called back.
    const pending: SeenMessage[] = [];
    const addressees = (h: SeenMessage): string[] => addresseesOf(h, handles, byId, chat.members);
    const canAnswer = (botId: string, at: number): boolean => {
      const b = bots.get(botId)!;
      const used = botMessages.filter((x) => x.bot === botId && x.at > at - HOUR && x.at <= at).length + r.reactions.filter((x) => x.bot === botId && x.at > at - HOUR && x.at <= at).length;
      return within(b.activeHours, at, chat.timezone) && used < b.hourlyLimit;
    };
    for (const m of seen) {
      if (m.bot === null) {
        if (addressees(m).length > 0) pending.push(m);
        continue;
      }
      const answered = pending.findIndex((h) => m.replyTo === h.id && addressees(h).includes(m.bot!));
      if (answered >= 0) {
        pending.splice(answered, 1);
        continue;
      }
      const asked = m.key !== undefined ? r.requestedAt?.get(m.key) : undefined;
      const waiting = pending.find((h) => !(asked !== undefined && asked <= h.at) && addressees(h).some((id) => canAnswer(id, m.at)));
      if (waiting) out.push(`addressed first: #${waiting.id} addressed ${addressees(waiting).join('/')}, but #${m.id} by ${m.bot} came first`);
    }
  }

  // Recording: every person's message stored exactly once; every stored bot line is a message
  // Telegram has; every send Telegram has is stored, unless its answer was lost; sequences 1, 2, 3 …
  for (const chat of rules.chats) {
    const stored = r.stored.filter((l) => l.chat === chat.id);
    const count = new Map<string, number>();
    for (const l of stored) count.set(`${l.bot ?? 'person'}:${l.id}`, (count.get(`${l.bot ?? 'person'}:${l.id}`) ?? 0) + 1);
    for (const [k, n] of count) if (n > 1) out.push(`recorded twice: ${chat.id} ${k} stored ${n} times`);
    const seen = new Map(r.seen.filter((m) => m.chat === chat.id).map((m) => [m.id, m]));
    for (const m of seen.values()) {
      if (count.has(`${m.bot ?? 'person'}:${m.id}`)) continue;
      if (m.bot === null) out.push(`lost: ${chat.id} #${m.id} by a person ("${m.text.slice(0, 40)}") was never recorded`);
      else if (!(m.key !== undefined && r.answerLost?.has(m.key))) out.push(`lost: ${chat.id} #${m.id} by ${m.bot} reached Telegram but was never recorded`);
    }
    for (const l of stored) {
      const m = seen.get(l.id);
      if (!m || m.bot !== l.bot) out.push(`phantom: ${chat.id} stored #${l.id} by ${l.bot ?? 'a person'}, which Telegram never had`);
    }
    stored.forEach((l, i) => {
      if (l.seq !== i + 1 && !out.some((o) => o.startsWith(`sequence: ${chat.id}`))) out.push(`sequence: ${chat.id} line ${i + 1} has seq ${l.seq}`);
    });
  }
  return out;
}
