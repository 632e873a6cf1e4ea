// What one line is about: the request read once — focus symbol and quote, whether its market is open,
// a second symbol, the holding to mention, the target's symbols and claim, what was asked, the roster's
// expert and a member to tease, the persona's lean, and whether this line may quote figures.
import { DEFAULT_SYMBOLS, classifyMessage, levelsOf, questionOf, rsiOf, toneTraits } from '../../../actors/index.ts';
import type { Claim, GenerationRequest, HoldingView, Levels, MessageIntent, Quote, Rng, RosterEntry } from '../../../actors/index.ts';
import { addressName, symbolInfo, TOPIC_SYMBOLS, trLower } from './format.ts';
import type { SymbolInfo, SymbolName } from './format.ts';
import { keywordIn, sentimentOf, symbolsIn, topicOf } from './lexicon.ts';
import type { Flavour, Voice } from './voice.ts';
import type { Dir, Lean } from './phrases/words.ts';
import { EFFECT, EXPLAIN, WHEN } from './phrases/answers.ts';

/** A symbol the line talks about, with the display name picked for this line. */
export interface Focus {
  readonly info: SymbolInfo;
  readonly name: SymbolName;
  readonly quote?: Quote;
  /** Its market is trading now. */
  readonly open: boolean;
  readonly quoteLevels?: () => Levels;
}

/** Availability bits a template's slots need. */
export const NEED = {
  NUM: 1, SYM: 2, SYM2: 4, XU: 8, HOLD: 16, NEWS: 32, OTHER: 64, WHO: 128, DIR: 256, SHUT: 512, CLAIM: 1024, EXPERT: 2048,
  MEMBER: 4096, SYM2OPEN: 8192, EXPLAIN: 16384, CHART: 32768, WHEN: 65536, EFFECT: 131072, CLAIMSYM: 262144, STOCK: 524288, FXFOCUS: 1048576, MACRO: 2097152, RSICOOL: 4194304, RSIHOT: 8388608,
} as const;

const KNOWN_TOPICS = new Set(['BIST', 'FX', 'Kripto', 'Makro']);
const NONE: readonly string[] = [];
/** The symbols the generator can name (the simulator's defaults). */
const UNIVERSE: readonly string[] = DEFAULT_SYMBOLS.map((s) => s.symbol);

/** Direction of a fractional change. */
export function dirOf(change: number): Dir {
  return change > 0.003 ? 'up' : change < -0.003 ? 'down' : 'flat';
}

const toneFlavours = new Map<string, Flavour>();

/** The flavour of another member, from its tone line (memoised by tone). */
export function flavourOfTone(tone: string): Flavour {
  let f = toneFlavours.get(tone);
  if (f === undefined) {
    const t = toneTraits(tone);
    f = t.technical ? 'chartist' : t.macro ? 'economist' : t.curious ? 'newbie' : t.trader ? 'trader' : t.warm ? 'retiree' : t.calm ? 'veteran' : 'plain';
    if (toneFlavours.size > 1_000) toneFlavours.clear();
    toneFlavours.set(tone, f);
  }
  return f;
}

/** What a line needs of the roster, read once per roster array (the bot keeps one per chat). */
interface RosterReading {
  readonly others: readonly RosterEntry[];
  readonly macroExpert?: RosterEntry;
  readonly chartExpert?: RosterEntry;
  readonly names: readonly string[];
}
const rosterReadings = new WeakMap<readonly RosterEntry[], RosterReading>();

function readRoster(roster: readonly RosterEntry[], self: string): RosterReading {
  let r = rosterReadings.get(roster);
  if (!r) {
    const others = roster.filter((e) => e.name !== self);
    const macroExpert = others.find((e) => flavourOfTone(e.tone) === 'economist');
    const chartExpert = others.find((e) => flavourOfTone(e.tone) === 'chartist');
    r = { others, names: others.map((e) => firstName(e.name)), ...(macroExpert ? { macroExpert } : {}), ...(chartExpert ? { chartExpert } : {}) };
    rosterReadings.set(roster, r);
  }
  return r;
}
const NO_ROSTER: RosterReading = { others: [], names: [] };

/** The request, read once for one line. */
export class LineCtx {
  readonly topic: string;
  readonly focus?: Focus;
  readonly second?: Focus;
  readonly xu?: Quote;
  readonly usd?: Quote;
  readonly btc?: Quote;
  readonly holding?: HoldingView;
  /** The holding is the focus or on the line's topic. */
  readonly holdingOnTopic: boolean = false;
  /** The target's text, lower-cased with @handles removed ('' when there is no target). */
  readonly targetLower: string;
  readonly targetSymbols: readonly string[];
  readonly keyword?: string;
  /** The topic of the picked-up keyword ('' when none or topic-neutral). */
  readonly keywordTopic: string;
  /** What the message answered is (a person's, or a bot's question read the same way). */
  readonly intent?: MessageIntent;
  /** What the line answered claims. */
  readonly claim?: Claim;
  /** Bullish (+) / bearish (-) reading of the target. */
  readonly targetLean: number;
  readonly lean: Lean;
  readonly who: string;
  readonly other: string;
  /** Members to ask: the one who knows macro ({macroExpert}) and charts ({chartExpert}); one to tease
   * or ask anything ({member}), with what it is like. */
  readonly macroExpert?: RosterEntry;
  readonly chartExpert?: RosterEntry;
  readonly member?: RosterEntry;
  /** Names not to lower-case (members, the one answered). */
  readonly names: readonly string[];
  readonly memberFlavour: Flavour;
  /** This line may quote figures. */
  readonly numbers: boolean;
  readonly avail: number;
  readonly memo = new Map<string, string>();
  /** Words fresh slots already put in this line (so "aşağı risk bitmedi" is not said twice). */
  said?: Set<string>;
  /** The direction a figure in the answered line implies ("dolar 55 olur" with the dollar at 48: up). */
  readonly impliedDir?: Dir;
  /** Index picker biased toward this persona's habitual choices (see habitual()). */
  readonly pick: (n: number) => number;
  /** The lean a reply speaks with, once agrees() has decided (outlook slots use it). */
  talkLean?: Lean;
  /** The line answered takes no side (agrees() found no direction in it). */
  sideless = false;

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
    this.targetLean = reading.lean;
    this.claim = req.claim;
    this.intent = req.intent ?? (t && reading.lower.includes('?') ? reading.intent ?? (reading.intent = classifyMessage(questionOf(t.text), UNIVERSE)) : undefined);
    this.who = t ? (t.human ? addressName(t.speaker) : firstName(t.speaker)) : '';

    // Focus: the target's symbols first, then the turn's symbols, then the topic's and watchlist's.
    const candidates: string[] = [...this.targetSymbols, ...(req.intent?.symbols ?? NONE), ...req.symbols];
    if (candidates.length === 0) {
      const topicSyms = TOPIC_SYMBOLS[this.topic] ?? [];
      for (let i = 0; i < voice.watchlist.length; i++) if (topicSyms.includes(voice.watchlist[i]!)) candidates.push(voice.watchlist[i]!);
      for (let i = 0; i < topicSyms.length; i++) candidates.push(topicSyms[i]!);
      if (this.topic === '') candidates.push(...voice.watchlist);
    }
    let focusId: string | undefined;
    if (this.targetSymbols.length > 0) focusId = this.targetSymbols[0];
    else if (req.intent?.symbols.length) focusId = req.intent.symbols[0];
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
    this.btc = quotes['BTCUSDT'];

    // Position talk only about what the bot holds: the focus when it is held, else another holding.
    if (req.holdings.length) {
      const own = req.holdings.find((h) => h.symbol === focusId);
      const subject = (focusId ? symbolInfo(focusId).topic : '') || this.topic;
      const onTopic = req.holdings.filter((h) => symbolInfo(h.symbol).topic === subject);
      this.holding = own ?? (onTopic.length ? onTopic[rng.int(onTopic.length)] : req.holdings[rng.int(req.holdings.length)]);
      this.holdingOnTopic = own !== undefined || onTopic.length > 0;
    }

    // Other members: the last one who spoke (for echoes), the expert to ask, one to tease.
    let other = '';
    for (let i = req.transcript.length - 1; i >= 0 && i >= req.transcript.length - 6; i--) {
      const m = req.transcript[i]!;
      if (m.botId !== req.botId && !m.reaction && m.speaker && m.speaker !== req.persona.name) {
        other = m.botId === null ? addressName(m.speaker) : firstName(m.speaker);
        break;
      }
    }
    this.other = other;
    const roster = req.roster ? readRoster(req.roster, req.persona.name) : NO_ROSTER;
    if (roster.others.length) {
      this.macroExpert = roster.macroExpert;
      this.chartExpert = roster.chartExpert;
      this.member = roster.others[rng.int(roster.others.length)];
    }
    this.memberFlavour = this.member ? flavourOfTone(this.member.tone) : 'plain';
    this.names = this.who ? [...roster.names, this.who] : roster.names;

    // Lean: stance on the topic, risk, emotion, the tape, and a little noise; a topic the persona's
    // stance rejects is never talked up.
    const stance = voice.stances.get(this.topic || (this.focus?.info.topic ?? ''));
    const riskBias = voice.risk === 'high' ? 0.15 : voice.risk === 'low' ? -0.05 : 0;
    const change = this.focus?.quote?.changePct ?? 0;
    const score = (stance?.bias ?? riskBias) * 0.7 + req.emotion.valence * 0.4
      + Math.max(-0.3, Math.min(0.3, change * 15)) * (voice.traits.trader ? 1 : 0.5) + rng.range(-0.25, 0.25);
    const rejected = stance?.rejects || voice.traits.rejects.some((r) => r === (this.focus?.info.topic ?? this.topic));
    this.lean = rejected ? 'bear' : score > 0.15 ? 'bull' : score < -0.15 ? 'bear' : 'neutral';

    // Levels asked for are figures; otherwise figures come now and then, less in talk than in posts.
    const numberRate = voice.numberRate * (req.mode === 'new' ? 1 : 0.6);
    this.numbers = this.intent?.ask === 'levels' || rng.chance(numberRate);

    // "dolar yıl sonu 55 olur" from a person implies up; a bot's figure is a level, not a forecast.
    const n = t?.human ? reading.figure : undefined;
    const price = this.focus?.quote?.price;
    if (n !== undefined && price) {
      if (n > price * 1.02) this.impliedDir = 'up';
      else if (n < price * 0.98 && n > price * 0.3) this.impliedDir = 'down';
    }

    const f = this.focus;
    let avail = 0;
    if (f) avail |= NEED.SYM;
    if (f?.quote && f.open) avail |= NEED.DIR;
    if (f?.quote && !f.open) avail |= NEED.SHUT;
    if (f?.quote && this.numbers) avail |= NEED.NUM;
    if (this.second?.quote) avail |= NEED.SYM2;
    if (this.second?.quote && this.second.open) avail |= NEED.SYM2OPEN;
    if (this.xu && this.xu.open) avail |= NEED.XU;
    if (this.holding) avail |= NEED.HOLD;
    if (req.news) avail |= NEED.NEWS;
    if (this.other) avail |= NEED.OTHER;
    if (this.who) avail |= NEED.WHO;
    // A claim to take up names a symbol or at least a subject ("bankalar").
    if (this.claim?.symbol || this.targetSymbols.length || ((this.claim?.direction || this.impliedDir || this.targetLean) && this.keyword)) avail |= NEED.CLAIM;
    if (this.claim?.symbol || this.targetSymbols.length) avail |= NEED.CLAIMSYM;
    const subject = f?.info.topic || this.topic;
    if (subject === 'BIST') avail |= NEED.STOCK;
    if (subject === 'FX') avail |= NEED.FXFOCUS;
    if (subject === 'Makro') avail |= NEED.MACRO;
    const rsi = f?.quote ? rsiOf(f.quote) : undefined;
    if (rsi !== undefined && rsi < 68) avail |= NEED.RSICOOL;
    if (rsi !== undefined && rsi > 60) avail |= NEED.RSIHOT;
    if (this.macroExpert) avail |= NEED.EXPERT;
    if (this.chartExpert) avail |= NEED.CHART;
    if (this.member) avail |= NEED.MEMBER;
    const concept = this.intent?.concept;
    if (concept && EXPLAIN[concept]) avail |= NEED.EXPLAIN;
    if (concept && WHEN[concept]) avail |= NEED.WHEN;
    if (concept && EFFECT[concept]) avail |= NEED.EFFECT;
    this.avail = avail;
  }

  /** Whether the persona agrees with the target: its lean against the target's. Also sets talkLean:
   * agreeing echoes the target's direction, disagreeing states its own (or doubt). */
  agrees(): boolean {
    const mine = this.lean === 'bull' ? 1 : this.lean === 'bear' ? -1 : 0;
    const dir = this.claim?.direction ?? this.impliedDir;
    const claimed = dir === 'up' ? 1 : dir === 'down' ? -1 : 0;
    const theirs = claimed !== 0 ? claimed : Math.sign(this.targetLean);
    // A line with no direction to take sides on is taken up in the speaker's own terms.
    this.sideless = theirs === 0;
    const yes = theirs === 0 ? true : mine === 0 ? this.rng.chance(0.55 + this.req.emotion.valence * 0.2)
      : mine === theirs ? this.rng.chance(0.85) : this.rng.chance(0.15);
    const their: Lean = theirs > 0 ? 'bull' : theirs < 0 ? 'bear' : this.lean;
    this.talkLean = yes ? their : mine !== 0 && mine !== theirs ? this.lean : theirs > 0 ? 'bear' : theirs < 0 ? 'bull' : 'neutral';
    return yes;
  }
}

/** What the generator reads off a line it answers; memoised by text (several bots answer one line). */
interface TargetReading {
  readonly lower: string;
  readonly symbols: readonly string[];
  readonly keyword: readonly [string, string] | undefined;
  readonly lean: number;
  /** The first figure it names (not "BIST 100"). */
  readonly figure: number | undefined;
  /** What it asks, when it asks (read on first need). */
  intent?: MessageIntent;
}

const NO_TARGET: TargetReading = { lower: '', symbols: NONE, keyword: undefined, lean: 0, figure: undefined };
const FIGURE = /(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?/;
const readings = new Map<string, TargetReading>();

function readTarget(text: string): TargetReading {
  let r = readings.get(text);
  if (r) return r;
  const lower = trLower(text).replace(/@\w+/g, ' ');
  const figure = FIGURE.exec(lower.replace(/bist ?100|xu100/g, ''))?.[0];
  r = lower
    ? { lower, symbols: symbolsIn(lower), keyword: keywordIn(lower), lean: sentimentOf(lower), figure: figure === undefined ? undefined : Number(figure.replace(/\./g, '').replace(',', '.')) }
    : NO_TARGET;
  if (readings.size >= 2_048) readings.clear();
  readings.set(text, r);
  return r;
}

/** Whether choice `i` of `count` is one of this persona's habits: a stable half of every list, so
 * each voice leans on its own openers, words and structures while still using all of them. */
export function habitual(salt: number, i: number, count: number): boolean {
  const h = Math.imul(salt ^ Math.imul(i + 1, 0x85ebca6b) ^ Math.imul(count, 0xc2b2ae35), 0x27d4eb2d);
  return ((h ^ (h >>> 15)) & 1) === 1;
}

export function firstName(speaker: string): string {
  const s = speaker.trim();
  const space = s.indexOf(' ');
  return space > 0 ? s.slice(0, space) : s;
}

function makeFocus(id: string, quote: Quote | undefined, rng: Rng): Focus {
  const info = symbolInfo(id);
  const name = info.names.length > 1 ? info.names[rng.int(info.names.length)]! : info.names[0]!;
  if (!quote) return { info, name, open: false };
  let levels: Levels | undefined;
  return { info, name, quote, open: quote.open, quoteLevels: () => (levels ??= levelsOf(quote)) };
}

/** The topic a target's text is about (falls back to the request's topic). */
export function targetTopic(ctx: LineCtx): string {
  return (ctx.targetLower && topicOf(ctx.targetLower)) || ctx.topic;
}
