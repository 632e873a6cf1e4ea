// Turn taking for one chat: who speaks next, to whom, and how. People are answered first (chat state);
// then an open question of a bot is answered, or a scored speaker replies to a line of the thread or
// posts something new. No bot speaks three times in a row; the loop guard ends runaway bot threads
// (too deep, or two bots ping-ponging), never conversation as such.
import type { Rng } from '../ports.ts';
import type { ChatMessage, Persona } from './types.ts';
import { compileRanges, inCompiled, minuteOfDayAt, type CompiledRanges } from './hours.ts';
import { botDelayWeight } from './pacing.ts';
import { extractSymbols } from './topic.ts';
import { isAnswered, openBotQuestions, type Discourse } from './discourse.ts';

/** The director's knobs (the `settings:` block of the config; defaults in infra/config). */
export interface DirectorSettings {
  /** Chance that a turn answers an earlier message when the newest one is a person's (0..1). */
  readonly replyProbability: number;
  /** The same when the newest message is a bot's (0..1). */
  readonly replyToBotsProbability: number;
  /** Chance that a reply to a bot @mentions it (0..1). */
  readonly mentionProbability: number;
  /** Chance that a turn is an emoji reaction instead of a message (0..1). */
  readonly reactionProbability: number;
  /** Loop guard: a thread of this many bot replies in a row (each answering the one before) gets no
   * further reply; the next turn on it is a new post. People and other threads are not affected. */
  readonly maxBotChain: number;
  /** Loop guard: most replies in a row between the same two bots. */
  readonly maxPairExchanges: number;
}

/** What the director knows of one member bot. */
export interface Member {
  readonly persona: Persona;
  readonly activeHours: CompiledRanges;
}

export function member(persona: Persona): Member {
  return { persona, activeHours: compileRanges(persona.activeHours) };
}

export interface DirectorInput {
  readonly now: number;
  readonly timeZone: string;
  readonly members: readonly Member[];
  /** Newest last; reactions excluded. */
  readonly transcript: readonly ChatMessage[];
  /** Bots that cannot speak right now (declined: budget, gap), with the time they are free again. */
  readonly busyUntil: ReadonlyMap<string, number>;
  /** Symbols the market knows, for relevance scoring. */
  readonly universe: readonly string[];
  /** The chat's open questions and what has been answered (none: every line is open to a reply). */
  readonly discourse?: Discourse;
}

export type Turn =
  | { readonly kind: 'speak'; readonly botId: string; readonly mode: 'new' | 'reply' | 'answer'; readonly target?: ChatMessage; readonly mention: boolean }
  | { readonly kind: 'react'; readonly botId: string; readonly target: ChatMessage }
  | { readonly kind: 'silence'; readonly reason: 'nobody-available' | 'empty' };

const WORD = /[\p{L}\p{N}_]/u;
const CURIOSITY = /ne düşünüyorsun|sizce|fikrin|ne dersin|katılıyor musun|öyle mi|emin misin|nasıl yapmalı|ne yapmalı|önerir misin/i;

/** What the director reads off a transcript line, computed once per line (lines are scored every turn). */
interface Features {
  readonly universe: readonly string[];
  readonly lower: string;
  readonly question: boolean;
  readonly curiosity: boolean;
  readonly symbols: readonly string[];
}
const featureCache = new WeakMap<ChatMessage, Features>();

function features(m: ChatMessage, universe: readonly string[]): Features {
  const hit = featureCache.get(m);
  if (hit && hit.universe === universe) return hit;
  const f = { universe, lower: m.text.toLowerCase(), question: m.text.includes('?'), curiosity: CURIOSITY.test(m.text), symbols: extractSymbols(m.text, universe) };
  featureCache.set(m, f);
  return f;
}

/** Symbols a transcript message mentions (memoised per message). */
export function messageSymbols(m: ChatMessage, universe: readonly string[]): readonly string[] {
  return features(m, universe).symbols;
}

/** Whether `text` mentions `handle` as a whole word (@handle or bare handle), case-insensitively. */
export function mentions(text: string, persona: Pick<Persona, 'handle'>): boolean {
  return mentionsLower(text.toLowerCase(), lowerHandle(persona)); // handles are ASCII: no locale rules needed
}

const handles = new WeakMap<Pick<Persona, 'handle'>, string>();
function lowerHandle(p: Pick<Persona, 'handle'>): string {
  let h = handles.get(p);
  if (h === undefined) handles.set(p, (h = p.handle.toLowerCase()));
  return h;
}

function mentionsLower(lower: string, handle: string): boolean {
  let i = lower.indexOf(handle);
  while (i >= 0) {
    const before = i === 0 ? ' ' : lower[i - 1]!;
    const after = lower[i + handle.length] ?? ' ';
    if (!WORD.test(before) && !WORD.test(after)) return true;
    i = lower.indexOf(handle, i + 1);
  }
  return false;
}

/** The bot a human message addresses: a reply to one of its messages, or a mention of its handle. A
 * reply to a message the transcript does not have is placed by the author Telegram named. */
export function addressedBot(
  message: ChatMessage,
  members: readonly Member[],
  transcript: readonly ChatMessage[],
): string | undefined {
  if (message.botId !== null) return undefined;
  if (message.replyTo !== undefined) {
    const replied = transcript.find((m) => m.messageId === message.replyTo);
    if (replied?.botId && members.some((m) => m.persona.id === replied.botId)) return replied.botId;
    const handle = !replied && message.replyToHandle !== undefined ? message.replyToHandle.toLowerCase() : undefined;
    const author = handle === undefined ? undefined : members.find((m) => lowerHandle(m.persona) === handle);
    if (author) return author.persona.id;
  }
  return members.find((m) => mentions(message.text, m.persona))?.persona.id;
}

export function isActive(m: Member, now: number, timeZone: string): boolean {
  return inCompiled(m.activeHours, minuteOfDayAt(now, timeZone));
}

/** How many replies in a row at the end of the transcript went back and forth between the same two bots. */
export function pairExchanges(transcript: readonly ChatMessage[]): number {
  const last = transcript[transcript.length - 1];
  if (!last?.botId || last.replyTo === undefined) return 0;
  const pair = new Set<string>();
  let n = 0;
  for (let i = transcript.length - 1; i >= 0; i--) {
    const m = transcript[i]!;
    if (!m.botId || m.replyTo === undefined) break;
    pair.add(m.botId);
    if (pair.size > 2) break;
    n++;
  }
  return n;
}

/** Old-system reply-target scoring (seed §c.3), with the symbol bug fixed and self-targets excluded. */
export function scoreTarget(m: ChatMessage, speaker: Persona, now: number, universe: readonly string[], repliesTo: number): number {
  const f = features(m, universe);
  let s = m.botId === null ? 8 : 2.5;
  const ageMin = (now - m.at) / 60_000;
  s += ageMin < 3 ? 3 : ageMin < 10 ? 2 : ageMin < 30 ? 1 : -1;
  if (f.question) s += 4;
  if (f.curiosity) s += 3;
  if (mentionsLower(f.lower, lowerHandle(speaker))) s += 15;
  for (let i = 0; i < f.symbols.length; i++) if (speaker.watchlist.includes(f.symbols[i]!)) s += 2.5;
  if (repliesTo >= 2) s += 1.5;
  return s;
}

/** Weighted random pick (weight = max(score, 0.1)) among the `k` best-scored of `items`
 * (`scores[i]` belongs to `items[i]`). */
function weightedTop<T>(items: readonly T[], scores: readonly number[], k: number, rng: Rng): T | undefined {
  const top: number[] = []; // indices, best first after sorting
  for (let i = 0; i < items.length; i++) {
    if (top.length < k) top.push(i);
    else {
      let worst = 0;
      for (let t = 1; t < k; t++) if (scores[top[t]!]! < scores[top[worst]!]!) worst = t;
      if (scores[i]! > scores[top[worst]!]!) top[worst] = i;
    }
  }
  // Best first, ties by index (at most k items: an insertion sort, no comparator closure).
  for (let i = 1; i < top.length; i++) {
    const x = top[i]!;
    let j = i - 1;
    for (; j >= 0 && (scores[top[j]!]! < scores[x]! || (scores[top[j]!]! === scores[x]! && top[j]! > x)); j--) top[j + 1] = top[j]!;
    top[j + 1] = x;
  }
  let total = 0;
  for (let t = 0; t < top.length; t++) total += Math.max(scores[top[t]!]!, 0.1);
  let roll = rng.next() * total;
  for (let t = 0; t < top.length; t++) {
    roll -= Math.max(scores[top[t]!]!, 0.1);
    if (roll <= 0) return items[top[t]!];
  }
  return top.length > 0 ? items[top[top.length - 1]!] : undefined;
}


/** When `botId` last spoke in `transcript` (-Infinity: not in it). */
function lastSpoke(transcript: readonly ChatMessage[], botId: string): number {
  for (let i = transcript.length - 1; i >= 0; i--) if (transcript[i]!.botId === botId) return transcript[i]!.at;
  return -Infinity;
}

/** The bot that spoke the last two lines (it may not speak a third time in a row), else undefined. */
export function twiceInARow(transcript: readonly ChatMessage[]): string | undefined {
  const a = transcript[transcript.length - 1];
  const b = transcript[transcript.length - 2];
  return a?.botId && b?.botId === a.botId ? a.botId : undefined;
}

/** How many bot replies in a row end at `m`, each answering the one before (0 for a new post or a
 * person's line): the depth of a bot-to-bot thread. */
export function threadDepth(m: ChatMessage, transcript: readonly ChatMessage[]): number {
  // A line never changes, nor do the lines before it: its depth is computed once (lines are scored
  // every turn).
  const known = depths.get(m);
  if (known !== undefined) return known;
  let depth = 0;
  if (m.botId !== null && m.replyTo !== undefined) {
    let parent: ChatMessage | undefined;
    for (let i = transcript.length - 1; i >= 0; i--) {
      if (transcript[i]!.messageId === m.replyTo) {
        parent = transcript[i];
        break;
      }
    }
    depth = 1 + (parent && parent !== m ? Math.min(threadDepth(parent, transcript), 50) : 0);
  }
  depths.set(m, depth);
  return depth;
}
const depths = new WeakMap<ChatMessage, number>();

/** The candidates who may take an unprompted turn now: active, not busy, past their gap, not the last
 * speaker (unless nobody else can), never a third line in a row. */
function available(input: DirectorInput, exclude: string | undefined): Member[] {
  const { now, timeZone, busyUntil, members, transcript } = input;
  const minute = minuteOfDayAt(now, timeZone);
  const never = twiceInARow(transcript);
  const ok: Member[] = [];
  let others = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const id = m.persona.id;
    if (id === never || !inCompiled(m.activeHours, minute) || (busyUntil.get(id) ?? 0) > now) continue;
    // A bot still inside its minimum gap since it last spoke here would only decline.
    if (now - lastSpoke(transcript, id) < m.persona.minGapSec * 1000) continue;
    ok.push(m);
    if (id !== exclude) others++;
  }
  return others === ok.length || others === 0 ? ok : ok.filter((m) => m.persona.id !== exclude);
}

/** How long a bot's question stays open for an answer. */
const QUESTION_OPEN_MS = 20 * 60_000;
/** Chance that an open question of a bot is taken up on a turn. */
const ANSWER_QUESTION_P = 0.85;
/** Lines older than this are not replied to. */
const REPLY_HORIZON_MS = 30 * 60_000;

/** Take up an open question of a bot: the member it was put to, else the best-placed other member. */
function answerOpenQuestion(input: DirectorInput, candidates: readonly Member[], maxDepth: number, rng: Rng): Turn | undefined {
  const d = input.discourse;
  if (!d) return undefined;
  const { transcript, now, universe } = input;
  for (const q of openBotQuestions(d, now, QUESTION_OPEN_MS)) {
    let line: ChatMessage | undefined;
    for (let i = transcript.length - 1; i >= Math.max(0, transcript.length - 10); i--) if (transcript[i]!.messageId === q.messageId) line = transcript[i];
    if (!line || threadDepth(line, transcript) >= maxDepth) continue;
    const others = candidates.filter((m) => m.persona.id !== q.by);
    if (others.length === 0 || !rng.chance(ANSWER_QUESTION_P)) return undefined;
    const named = q.to ? others.find((m) => m.persona.id === q.to) : undefined;
    const symbols = messageSymbols(line, universe);
    const scores = others.map((m) => {
      let s = botDelayWeight(m.persona.speed);
      for (const sym of symbols) if (m.persona.watchlist.includes(sym) || m.persona.holdings.some((h) => h.symbol === sym)) s += 1;
      return s * rng.range(0.6, 1.4);
    });
    const who = named ?? weightedTop(others, scores, 3, rng)!;
    return { kind: 'speak', botId: who.persona.id, mode: 'reply', target: line, mention: false };
  }
  return undefined;
}

/** Pick the next turn for an unprompted moment (no person waiting for an answer). */
export function nextTurn(input: DirectorInput, settings: DirectorSettings, rng: Rng): Turn {
  const { transcript, now, universe, discourse } = input;
  const last = transcript[transcript.length - 1];
  const pairLoop = pairExchanges(transcript) >= settings.maxPairExchanges;
  // No immediate repeat speaker; when two bots keep answering each other, both step back.
  const lastPair = pairLoop && last?.replyTo !== undefined ? transcript.find((m) => m.messageId === last.replyTo)?.botId : undefined;
  const all = available(input, last?.botId ?? undefined);
  const withoutPair = lastPair ? all.filter((m) => m.persona.id !== lastPair) : all;
  const candidates = withoutPair.length > 0 ? withoutPair : all;
  if (candidates.length === 0) return { kind: 'silence', reason: 'nobody-available' };

  if (!pairLoop) {
    const answer = answerOpenQuestion(input, candidates, settings.maxBotChain, rng);
    if (answer) return answer;
  }

  const from = Math.max(0, transcript.length - 8);
  const recentSymbols: string[] = [];
  // Owes a reply: someone else answered one of this bot's recent messages.
  const owes: string[] = [];
  for (let i = from; i < transcript.length; i++) {
    const x = transcript[i]!;
    const symbols = messageSymbols(x, universe);
    for (let k = 0; k < symbols.length; k++) if (!recentSymbols.includes(symbols[k]!)) recentSymbols.push(symbols[k]!);
    if (x.replyTo === undefined) continue;
    for (let j = from; j < transcript.length; j++) {
      const y = transcript[j]!;
      if (y.messageId === x.replyTo && y.botId && y.botId !== x.botId && !owes.includes(y.botId)) owes.push(y.botId);
    }
  }
  const speakerScores: number[] = [];
  for (let c = 0; c < candidates.length; c++) {
    const p = candidates[c]!.persona;
    let score = botDelayWeight(p.speed);
    for (let k = 0; k < p.watchlist.length; k++) if (recentSymbols.includes(p.watchlist[k]!)) score += 0.5;
    if (owes.includes(p.id)) score += 1;
    speakerScores.push(score * rng.range(0.6, 1.4));
  }
  const persona = weightedTop(candidates, speakerScores, 3, rng)!.persona;
  // Never the speaker's own lines, a line it has already answered, a person's line (people get their
  // one answer from the chat's queue), an answered question, or a thread the loop guard closed.
  const answered: number[] = [];
  for (let i = 0; i < transcript.length; i++) {
    const m = transcript[i]!;
    if (m.botId === persona.id && m.replyTo !== undefined) answered.push(m.replyTo);
  }
  const others: ChatMessage[] = [];
  const depths: number[] = [];
  for (let i = transcript.length - 1; i >= 0 && others.length < 30; i--) {
    const m = transcript[i]!;
    if (m.botId === persona.id || m.botId === null || answered.includes(m.messageId) || now - m.at > REPLY_HORIZON_MS) continue;
    if (discourse && m.text.includes('?') && isAnswered(discourse, m.messageId)) continue;
    const depth = threadDepth(m, transcript);
    if (depth >= settings.maxBotChain) continue;
    others.push(m);
    depths.push(depth);
  }
  others.reverse();
  depths.reverse();
  if (others.length > 0 && !pairLoop && rng.chance(settings.reactionProbability)) {
    return { kind: 'react', botId: persona.id, target: others[others.length - 1 - rng.int(Math.min(others.length, 10))]! };
  }
  // A thread fades as it deepens: each reply in it makes the next one less likely.
  const newest = others[others.length - 1];
  const fade = newest === last && last ? 1 - depths[depths.length - 1]! / (settings.maxBotChain + 1) : 0.8;
  const replyP = (last?.botId === null ? settings.replyProbability : settings.replyToBotsProbability) * fade;
  if (others.length === 0 || pairLoop || !rng.chance(replyP)) return { kind: 'speak', botId: persona.id, mode: 'new', mention: false };
  const replyCounts = new Map<number, number>();
  for (let i = 0; i < transcript.length; i++) {
    const to = transcript[i]!.replyTo;
    if (to !== undefined) replyCounts.set(to, (replyCounts.get(to) ?? 0) + 1);
  }
  const targetScores: number[] = [];
  for (let i = 0; i < others.length; i++) targetScores.push(scoreTarget(others[i]!, persona, now, universe, replyCounts.get(others[i]!.messageId) ?? 0));
  const target = weightedTop(others, targetScores, 3, rng)!;
  const mention = rng.chance(settings.mentionProbability);
  return { kind: 'speak', botId: persona.id, mode: 'reply', target, mention };
}
