// Turn taking for one chat: who speaks next, to whom, and how. Addressed first (a human's mention of or
// reply to a bot always wins), then scored candidates; no immediate repeat speaker; a loop guard.
// Fixes of the old system: case-insensitive whole-handle mentions, humans labelled, no self-targets.
import type { Rng } from '../ports.ts';
import type { ChatMessage, Persona } from './types.ts';
import { compileRanges, inCompiled, minuteOfDayAt, type CompiledRanges } from './hours.ts';
import { botDelayWeight } from './pacing.ts';
import { extractSymbols } from './topic.ts';

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
  /** Loop guard: after this many bot messages in a row the next turn is a new post by someone else. */
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
export function mentions(text: string, persona: Persona): boolean {
  return mentionsLower(text.toLowerCase(), lowerHandle(persona)); // handles are ASCII: no locale rules needed
}

const handles = new WeakMap<Persona, string>();
function lowerHandle(p: Persona): string {
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

/** The bot a human message addresses: a reply to one of its messages, or a mention of its handle. */
export function addressedBot(
  message: ChatMessage,
  members: readonly Member[],
  transcript: readonly ChatMessage[],
): string | undefined {
  if (message.botId !== null) return undefined;
  if (message.replyTo !== undefined) {
    const replied = transcript.find((m) => m.messageId === message.replyTo);
    if (replied?.botId && members.some((m) => m.persona.id === replied.botId)) return replied.botId;
  }
  return members.find((m) => mentions(message.text, m.persona))?.persona.id;
}

export function isActive(m: Member, now: number, timeZone: string): boolean {
  return inCompiled(m.activeHours, minuteOfDayAt(now, timeZone));
}

/** Consecutive bot messages at the end of the transcript (since the last human). */
export function botChain(transcript: readonly ChatMessage[]): number {
  let n = 0;
  for (let i = transcript.length - 1; i >= 0 && transcript[i]!.botId !== null; i--) n++;
  return n;
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

/** The candidates who may take an unprompted turn now, best first is not implied. */
function available(input: DirectorInput, exclude: string | undefined): Member[] {
  const { now, timeZone, busyUntil, members, transcript } = input;
  const minute = minuteOfDayAt(now, timeZone);
  const ok: Member[] = [];
  let others = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const id = m.persona.id;
    if (!inCompiled(m.activeHours, minute) || (busyUntil.get(id) ?? 0) > now) continue;
    // A bot still inside its minimum gap since it last spoke here would only decline.
    if (now - lastSpoke(transcript, id) < m.persona.minGapSec * 1000) continue;
    ok.push(m);
    if (id !== exclude) others++;
  }
  return others === ok.length || others === 0 ? ok : ok.filter((m) => m.persona.id !== exclude);
}

/** Pick the next turn for an unprompted moment (no pending addressed message). */
export function nextTurn(input: DirectorInput, settings: DirectorSettings, rng: Rng): Turn {
  const { transcript, now, universe } = input;
  const last = transcript[transcript.length - 1];
  const chain = botChain(transcript);
  const loop = chain >= settings.maxBotChain || pairExchanges(transcript) >= settings.maxPairExchanges;
  // No immediate repeat speaker; in a loop, the pair that kept replying to each other steps back too.
  const lastPair = loop && last?.replyTo !== undefined ? transcript.find((m) => m.messageId === last.replyTo)?.botId : undefined;
  const all = available(input, last?.botId ?? undefined);
  const withoutPair = lastPair ? all.filter((m) => m.persona.id !== lastPair) : all;
  const candidates = withoutPair.length > 0 ? withoutPair : all;
  if (candidates.length === 0) return { kind: 'silence', reason: 'nobody-available' };

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
  // Never the speaker's own lines, and never a line it has already answered.
  const answered: number[] = [];
  for (let i = 0; i < transcript.length; i++) {
    const m = transcript[i]!;
    if (m.botId === persona.id && m.replyTo !== undefined) answered.push(m.replyTo);
  }
  const others: ChatMessage[] = [];
  for (let i = transcript.length - 1; i >= 0 && others.length < 30; i--) {
    const m = transcript[i]!;
    if (m.botId !== persona.id && !answered.includes(m.messageId)) others.push(m);
  }
  others.reverse();
  if (others.length > 0 && !loop && rng.chance(settings.reactionProbability)) {
    return { kind: 'react', botId: persona.id, target: others[others.length - 1 - rng.int(Math.min(others.length, 10))]! };
  }
  const replyP = last?.botId === null ? settings.replyProbability : settings.replyToBotsProbability;
  if (others.length === 0 || loop || !rng.chance(replyP)) return { kind: 'speak', botId: persona.id, mode: 'new', mention: false };
  const replyCounts = new Map<number, number>();
  for (let i = 0; i < transcript.length; i++) {
    const to = transcript[i]!.replyTo;
    if (to !== undefined) replyCounts.set(to, (replyCounts.get(to) ?? 0) + 1);
  }
  const targetScores: number[] = [];
  for (let i = 0; i < others.length; i++) targetScores.push(scoreTarget(others[i]!, persona, now, universe, replyCounts.get(others[i]!.messageId) ?? 0));
  const target = weightedTop(others, targetScores, 3, rng)!;
  const mention = target.botId !== null && rng.chance(settings.mentionProbability);
  return { kind: 'speak', botId: persona.id, mode: 'reply', target, mention };
}
