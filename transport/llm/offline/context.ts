// What one line is about: the request read once — focus symbol and quote, a second symbol, the
// holding to mention, the target's symbols/keywords/question kind, and the persona's lean.
import type { GenerationRequest, HoldingView, Quote, Rng } from '../../../actors/index.ts';
import { addressName, symbolInfo, TOPIC_SYMBOLS, trLower } from './format.ts';
import type { SymbolInfo, SymbolName } from './format.ts';
import { keywordIn, questionKind, sentimentOf, symbolsIn, topicOf } from './lexicon.ts';
import type { QuestionKind } from './lexicon.ts';
import type { Voice } from './voice.ts';
import type { Dir, Lean } from './phrases/words.ts';

/** A symbol the line talks about, with the display name picked for this line. */
export interface Focus {
  readonly info: SymbolInfo;
  readonly name: SymbolName;
  readonly quote?: Quote;
}

/** Availability bits a template's slots need. */
export const NEED = { QUOTE: 1, SYM: 2, SYM2: 4, XU: 8, HOLD: 16, NEWS: 32, OTHER: 64, WHO: 128 } as const;

const KNOWN_TOPICS = new Set(['BIST', 'FX', 'Kripto', 'Makro']);
const NONE: readonly string[] = [];

/** Direction of a fractional change. */
export function dirOf(change: number): Dir {
  return change > 0.003 ? 'up' : change < -0.003 ? 'down' : 'flat';
}

/** The request, read once for one line. */
export class LineCtx {
  readonly topic: string;
  readonly focus?: Focus;
  readonly second?: Focus;
  readonly xu?: Quote;
  readonly usd?: Quote;
  readonly holding?: HoldingView;
  /** The target's text, lower-cased with @handles removed ('' when there is no target). */
  readonly targetLower: string;
  readonly targetSymbols: readonly string[];
  readonly keyword?: string;
  /** The topic of the picked-up keyword ('' when none or topic-neutral). */
  readonly keywordTopic: string;
  readonly question: QuestionKind;
  /** Bullish (+) / bearish (-) reading of the target. */
  readonly targetLean: number;
  readonly lean: Lean;
  readonly who: string;
  readonly other: string;
  readonly avail: number;
  readonly memo = new Map<string, string>();
  /** Index picker biased toward this persona's habitual choices (see habitual()). */
  readonly pick: (n: number) => number;

  constructor(readonly req: GenerationRequest, readonly voice: Voice, readonly rng: Rng) {
    this.topic = KNOWN_TOPICS.has(req.topic) ? req.topic : '';
    const salt = voice.salt;
    this.pick = (count: number): number => {
      let i = rng.int(count);
      for (let k = 0; k < 3 && count > 2 && !habitual(salt, i, count); k++) if (rng.chance(0.6)) i = rng.int(count);
      return i;
    };
    const quotes = req.market.quotes;
    const t = req.target;
    const reading = t ? readTarget(t.text) : NO_TARGET;
    this.targetLower = reading.lower;
    this.targetSymbols = reading.symbols;
    this.keyword = reading.keyword?.[0];
    this.keywordTopic = reading.keyword?.[1] ?? '';
    this.question = reading.question;
    this.targetLean = reading.lean;
    this.who = t ? (t.human ? addressName(t.speaker) : firstName(t.speaker)) : '';

    // Focus: the target's symbols first, then the turn's symbols, then the topic's and watchlist's.
    const candidates: string[] = [...this.targetSymbols, ...req.symbols];
    if (candidates.length === 0) {
      const topicSyms = TOPIC_SYMBOLS[this.topic] ?? [];
      for (let i = 0; i < voice.watchlist.length; i++) if (topicSyms.includes(voice.watchlist[i]!)) candidates.push(voice.watchlist[i]!);
      for (let i = 0; i < topicSyms.length; i++) candidates.push(topicSyms[i]!);
      if (this.topic === '') candidates.push(...voice.watchlist);
    }
    let focusId: string | undefined;
    if (this.targetSymbols.length > 0) focusId = this.targetSymbols[0];
    else {
      const quoted = candidates.filter((s) => quotes[s]);
      focusId = quoted.length ? quoted[rng.int(Math.min(quoted.length, 3))] : candidates[0];
    }
    if (this.topic === 'Makro' && this.targetSymbols.length === 0 && req.symbols.length === 0) focusId = undefined;
    if (focusId) this.focus = makeFocus(focusId, quotes[focusId], rng);

    const rest: string[] = [];
    const lists = [req.symbols, voice.watchlist, TOPIC_SYMBOLS[this.topic] ?? NONE];
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l]!;
      for (let i = 0; i < list.length; i++) if (list[i] !== focusId && quotes[list[i]!]) rest.push(list[i]!);
    }
    if (rest.length) {
      const id = rest[rng.int(Math.min(rest.length, 4))]!;
      this.second = makeFocus(id, quotes[id], rng);
    }
    this.xu = quotes['BIST:XU100'];
    this.usd = quotes['USDTRY'];

    if (req.holdings.length) {
      const own = req.holdings.find((h) => h.symbol === focusId);
      this.holding = own ?? req.holdings[rng.int(req.holdings.length)];
    }

    // Other members in the transcript (for "Ayşe demin … dedi").
    let other = '';
    for (let i = req.transcript.length - 1; i >= 0 && i >= req.transcript.length - 6; i--) {
      const m = req.transcript[i]!;
      if (m.botId !== req.botId && !m.reaction && m.speaker && m.speaker !== req.persona.name) {
        other = m.botId === null ? addressName(m.speaker) : firstName(m.speaker);
        break;
      }
    }
    this.other = other;

    // Lean: stance on the topic, risk, emotion, the tape, and a little noise.
    const stance = voice.stances.get(this.topic || (this.focus?.info.topic ?? ''));
    const riskBias = voice.risk === 'high' ? 0.15 : voice.risk === 'low' ? -0.05 : 0;
    const change = this.focus?.quote?.changePct ?? 0;
    const score = (stance?.bias ?? riskBias) * 0.7 + req.emotion.valence * 0.4
      + Math.max(-0.3, Math.min(0.3, change * 15)) * (voice.trader ? 1 : 0.5) + rng.range(-0.25, 0.25);
    this.lean = score > 0.15 ? 'bull' : score < -0.15 ? 'bear' : 'neutral';

    let avail = 0;
    if (this.focus) avail |= NEED.SYM;
    if (this.focus?.quote) avail |= NEED.QUOTE;
    if (this.second?.quote) avail |= NEED.SYM2;
    if (this.xu) avail |= NEED.XU;
    if (this.holding) avail |= NEED.HOLD;
    if (req.news) avail |= NEED.NEWS;
    if (this.other) avail |= NEED.OTHER;
    if (this.who) avail |= NEED.WHO;
    this.avail = avail;
  }

  /** The lean a reply speaks with, once agrees() has decided (outlook slots use it). */
  talkLean?: Lean;

  /** Whether the persona agrees with the target: stance/emotion lean against the target's lean.
   * Also sets talkLean: agreeing echoes the target's direction, disagreeing states our own (or doubt). */
  agrees(): boolean {
    const mine = this.lean === 'bull' ? 1 : this.lean === 'bear' ? -1 : 0;
    const theirs = Math.sign(this.targetLean);
    const yes = mine === 0 || theirs === 0 ? this.rng.chance(0.55 + this.req.emotion.valence * 0.2)
      : mine === theirs ? this.rng.chance(0.85) : this.rng.chance(0.15);
    const their: Lean = theirs > 0 ? 'bull' : theirs < 0 ? 'bear' : this.lean;
    this.talkLean = yes ? their : mine !== 0 && mine !== theirs ? this.lean : 'neutral';
    return yes;
  }
}

/** Whether choice `i` of `count` is one of this persona's habits: a stable half of every list, so
 * each voice leans on its own openers, words and structures while still using all of them. */
/** What the generator reads off a line it answers. Several bots often answer the same line, so the
 * reading (about 50 regex tests) is memoised by text. */
interface TargetReading {
  readonly lower: string;
  readonly symbols: readonly string[];
  readonly keyword: readonly [string, string] | undefined;
  readonly question: QuestionKind;
  readonly lean: number;
}

const NO_TARGET: TargetReading = { lower: '', symbols: NONE, keyword: undefined, question: 'statement', lean: 0 };
const readings = new Map<string, TargetReading>();

function readTarget(text: string): TargetReading {
  let r = readings.get(text);
  if (r) return r;
  const lower = trLower(text).replace(/@\w+/g, ' ');
  r = lower
    ? { lower, symbols: symbolsIn(lower), keyword: keywordIn(lower), question: questionKind(lower), lean: sentimentOf(lower) }
    : NO_TARGET;
  if (readings.size >= 2_048) readings.clear();
  readings.set(text, r);
  return r;
}

export function habitual(salt: number, i: number, count: number): boolean {
  const h = Math.imul(salt ^ Math.imul(i + 1, 0x85ebca6b) ^ Math.imul(count, 0xc2b2ae35), 0x27d4eb2d);
  return ((h ^ (h >>> 15)) & 1) === 1;
}

function firstName(speaker: string): string {
  const s = speaker.trim();
  const space = s.indexOf(' ');
  return space > 0 ? s.slice(0, space) : s;
}

function makeFocus(id: string, quote: Quote | undefined, rng: Rng): Focus {
  const info = symbolInfo(id);
  const name = info.names.length > 1 ? info.names[rng.int(info.names.length)]! : info.names[0]!;
  return quote ? { info, name, quote } : { info, name };
}

/** The topic a target's text is about (falls back to the request's topic). */
export function targetTopic(ctx: LineCtx): string {
  return (ctx.targetLower && topicOf(ctx.targetLower)) || ctx.topic;
}
