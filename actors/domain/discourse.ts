// A chat's discourse state beside its transcript: what people's messages are, the questions still open
// and whom they were put to, the claims made (symbol, direction, level, by whom) and what each bot has
// already told (anecdotes, stances, sayings) with cooldowns — so bots answer each other and build on
// the thread instead of broadcasting or restating themselves. Pure; updated once per message.
import type { ChatMessage, Persona } from './types.ts';
import { classifyMessage, questionOf, type MessageIntent } from './intent.ts';
import { extractSymbols } from './topic.ts';

export type Direction = 'up' | 'down' | 'flat';

/** What a line asserts about the market. */
export interface Claim {
  readonly messageId: number;
  /** Bot id, or the person's username. */
  readonly by: string;
  readonly symbol?: string;
  readonly direction?: Direction;
  /** A price level the line names next to "destek"/"direnç"/"seviye". */
  readonly level?: number;
  readonly at: number;
}

export interface OpenQuestion {
  readonly messageId: number;
  /** The asking bot (null: a person). */
  readonly by: string | null;
  /** The bot it was put to, when it names one. */
  readonly to?: string;
  readonly at: number;
  /** Who answered it first. */
  answeredBy?: string;
}

export interface Discourse {
  /** People's messages (read when they come) and bots' questions (read when answered). */
  readonly intents: Map<number, MessageIntent>;
  /** Claims of the lines answered, read on first need. */
  readonly claims: Claim[];
  /** Lines that expect an answer: every person's message and bots' questions. */
  readonly questions: OpenQuestion[];
  /** Per bot: persona item key ("anecdote:1", "stance:BIST", "signature:0") → when it was told here. */
  readonly told: Map<string, Map<string, number>>;
  /** Per bot: the gist of each question it asked here (questionKey) → when. */
  readonly asked: Map<string, Map<string, number>>;
}

/** How long a bot does not ask the same question again in one chat. */
export const ASKED_COOLDOWN_MS = 6 * 3_600_000;

const KEEP_CLAIMS = 30;
const KEEP_QUESTIONS = 20;
const KEEP_INTENTS = 40;
const HOUR_MS = 3_600_000;

/** How long a bot does not tell the same thing again in one chat. */
export const TOLD_COOLDOWN_MS: Readonly<Record<string, number>> = { anecdote: 24 * HOUR_MS, stance: 24 * HOUR_MS, signature: 8 * HOUR_MS };

export function createDiscourse(): Discourse {
  return { intents: new Map(), claims: [], questions: [], told: new Map(), asked: new Map() };
}

function fold(text: string): string {
  const lower = (text.includes('İ') ? text.replace(/İ/g, 'i') : text).toLowerCase();
  return lower.includes('ı') ? lower.replace(/ı/g, 'i') : lower;
}

/** A persona's tellable items with the words that give each away (the four longest of five letters or
 * more), computed once per persona. */
const itemCache = new WeakMap<Persona, readonly { readonly key: string; readonly words: readonly string[] }[]>();

function items(p: Persona): readonly { readonly key: string; readonly words: readonly string[] }[] {
  let list = itemCache.get(p);
  if (list) return list;
  const words = (text: string): string[] => [...new Set(fold(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 5))]
    .sort((a, b) => b.length - a.length).slice(0, 4);
  list = [
    ...p.stances.map((s) => ({ key: `stance:${s.topic}`, words: words(s.text) })),
    ...p.anecdotes.map((a, i) => ({ key: `anecdote:${i}`, words: words(a) })),
    ...p.signaturePhrases.map((s, i) => ({ key: `signature:${i}`, words: words(s) })),
  ].filter((x) => x.words.length > 0);
  itemCache.set(p, list);
  return list;
}

/** The persona items a line tells: all of an item's give-away words are in it (three of four for long
 * items, so a small change in wording still counts as telling it). */
export function toldIn(text: string, p: Persona): string[] {
  const folded = fold(text);
  const out: string[] = [];
  for (const item of items(p)) {
    let hits = 0;
    for (const w of item.words) if (folded.includes(w)) hits++;
    if (hits >= Math.min(item.words.length, 3)) out.push(item.key);
  }
  return out;
}

const UP = /yüksel|yukarı|artıda|toparlan|tırman|alıcı|yeşil|rall|prim|güçlü|kırılım|boğa|uçar|uçacak|patlar|🚀|📈/u;
const DOWN = /düşü|düşt|düşe|aşağı|ekside|geri çekil|baskı|satış|kırmızı|zayıf|eriyor|ayı|güvenmiyorum|temkin|risk bitmedi|kırılgan|📉/u;
const FLAT = /yatay|yerinde sayıyor|yön arıyor|kararsız|sıkış|dar bant/u;
const NUM = String.raw`(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)`;
/** A figure next to a level word, either way round: "destek 230", "380 direnci". */
const LEVEL = new RegExp(String.raw`(?:destek|direnç|seviye|hedef|stop)[^\d]{0,24}${NUM}|${NUM}\s?(?:'?\p{L}{0,3}\s)?(?:destek|direnc|direnç|seviye)`, 'u');

/** The claim a line makes: its first symbol, the direction it gives and a level it names. */
export function claimOf(m: ChatMessage, universe: readonly string[]): Claim {
  // Direction words are matched on Turkish lower case ("kırmızı"), the level on folded text.
  const lower = m.text.replace(/I/g, 'ı').replace(/İ/g, 'i').toLowerCase();
  const symbols = extractSymbols(m.text, universe);
  const up = UP.test(lower);
  const down = DOWN.test(lower);
  const direction: Direction | undefined = up && !down ? 'up' : down && !up ? 'down' : FLAT.test(lower) ? 'flat' : undefined;
  const hit = LEVEL.exec(fold(m.text).replace(/bist ?100|xu100/g, 'endeks'));
  const lv = hit?.[1] ?? hit?.[2];
  const level = lv === undefined ? undefined : Number(lv.replace(/\./g, '').replace(',', '.'));
  return {
    messageId: m.messageId, by: m.botId ?? m.speaker, at: m.at,
    ...(symbols[0] ? { symbol: symbols[0] } : {}), ...(direction ? { direction } : {}), ...(level !== undefined && Number.isFinite(level) ? { level } : {}),
  };
}

/** How a member is called in a line: "@handle", or the first name as a vocative ("Can,", "Ali hocam"). */
const callers = new WeakMap<Persona, { readonly handle: string; readonly vocative: RegExp }>();
function callerOf(p: Persona): { readonly handle: string; readonly vocative: RegExp } {
  let c = callers.get(p);
  if (!c) {
    const first = fold(p.name.split(' ')[0]!);
    c = { handle: `@${fold(p.handle)}`, vocative: new RegExp(`(?:^|[\\s,.!?])${first}(?:,| sen | abi| hocam| abla|\\?)`, 'u') };
    callers.set(p, c);
  }
  return c;
}

/** The member a bot's question is put to: its @handle, or its first name as a vocative. */
function questionTo(text: string, members: readonly Persona[], self: string): string | undefined {
  const lower = fold(text);
  for (const p of members) {
    if (p.id === self) continue;
    const c = callerOf(p);
    if (lower.includes(c.handle) || c.vocative.test(lower)) return p.id;
  }
  return undefined;
}

function trim<T>(list: T[], keep: number): void {
  if (list.length > keep) list.splice(0, list.length - keep);
}

/** Take in one line of the chat (a person's or a bot's), after it was sent. */
export function noteLine(d: Discourse, m: ChatMessage, members: readonly Persona[], universe: readonly string[]): void {
  if (m.replyTo !== undefined) {
    const q = d.questions.find((x) => x.messageId === m.replyTo);
    const by = m.botId ?? m.speaker;
    if (q && q.answeredBy === undefined && q.by !== by) q.answeredBy = by;
  }
  if (m.botId === null) {
    d.intents.set(m.messageId, classifyMessage(m.text, universe));
    if (d.intents.size > KEEP_INTENTS) d.intents.delete(d.intents.keys().next().value!);
    // Every person's message expects its one answer.
    d.questions.push({ messageId: m.messageId, by: null, at: m.at });
    trim(d.questions, KEEP_QUESTIONS);
    return;
  }
  const p = members.find((x) => x.id === m.botId);
  if (p) {
    const told = toldIn(m.text, p);
    if (told.length) {
      let mine = d.told.get(p.id);
      if (!mine) d.told.set(p.id, (mine = new Map()));
      for (const key of told) mine.set(key, m.at);
    }
  }
  if (m.text.includes('?')) {
    let mine = d.asked.get(m.botId);
    if (!mine) d.asked.set(m.botId, (mine = new Map()));
    mine.set(questionKey(m.text), m.at);
    if (mine.size > 40) mine.delete(mine.keys().next().value!);
    const to = questionTo(m.text, members, m.botId);
    d.questions.push({ messageId: m.messageId, by: m.botId, at: m.at, ...(to ? { to } : {}) });
    trim(d.questions, KEEP_QUESTIONS);
  }
}

/** The gist of a question: the last four words of its asking sentence ("faiz kararı ne zaman"), so
 * "Ali, Fed'in faiz kararı ne zaman?" and "Teknik olarak, faiz kararı ne zaman?" are one question. */
export function questionKey(text: string): string {
  const words = fold(questionOf(text)).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.slice(-4).join(' ');
}

/** Whether `botId` asked this question here within the cooldown (a bot does not ask twice). */
export function askedBefore(d: Discourse, botId: string, text: string, now: number): boolean {
  const at = d.asked.get(botId)?.get(questionKey(text));
  return at !== undefined && now - at < ASKED_COOLDOWN_MS;
}

/** The persona items `botId` told here that are still cooling down. */
export function toldKeys(d: Discourse, botId: string, now: number): string[] {
  const mine = d.told.get(botId);
  if (!mine) return [];
  const out: string[] = [];
  for (const [key, at] of mine) if (now - at < (TOLD_COOLDOWN_MS[key.slice(0, key.indexOf(':'))] ?? HOUR_MS)) out.push(key);
  return out;
}

/** Whether someone other than its author has already answered message `messageId` (a question or a
 * person's message). */
export function isAnswered(d: Discourse, messageId: number): boolean {
  return d.questions.some((q) => q.messageId === messageId && q.answeredBy !== undefined);
}

/** What line `m` claims, read when a bot answers it (most lines are never answered) and kept. */
export function claimFor(d: Discourse, m: ChatMessage, universe: readonly string[]): Claim {
  for (let i = d.claims.length - 1; i >= 0; i--) if (d.claims[i]!.messageId === m.messageId) return d.claims[i]!;
  const claim = claimOf(m, universe);
  d.claims.push(claim);
  trim(d.claims, KEEP_CLAIMS);
  return claim;
}

/** What line `m` is, for its answer: a person's message as read when it came, a bot's question read
 * like a person's (so its answer answers what it asks) when a bot answers it; none for a statement. */
export function intentFor(d: Discourse, m: ChatMessage, universe: readonly string[]): MessageIntent | undefined {
  const known = d.intents.get(m.messageId);
  if (known || m.botId === null || !m.text.includes('?')) return known;
  const intent = classifyMessage(questionOf(m.text), universe);
  d.intents.set(m.messageId, intent);
  if (d.intents.size > KEEP_INTENTS) d.intents.delete(d.intents.keys().next().value!);
  return intent;
}

/** Bots' questions nobody has answered, newest first, asked within `maxAgeMs`. */
export function openBotQuestions(d: Discourse, now: number, maxAgeMs: number): OpenQuestion[] {
  const out: OpenQuestion[] = [];
  for (let i = d.questions.length - 1; i >= 0; i--) {
    const q = d.questions[i]!;
    if (now - q.at > maxAgeMs) break;
    if (q.by !== null && q.answeredBy === undefined) out.push(q);
  }
  return out;
}
