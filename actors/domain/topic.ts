// Topic choice for a chat turn (context keywords, stance cooldowns, diversity) and the market symbols
// a text mentions or a topic suggests. Regexes are compiled once per pool / universe array.
import { Invalid } from '../errors.ts';
import type { Rng } from '../ports.ts';
import { foldTurkish, wordsRegex } from './content.ts';
import type { Stance } from './types.ts';

/** The old system's default pool, used when a chat has no topics (or all of its topics cool down). */
export const DEFAULT_TOPICS: readonly string[] = ['BIST', 'FX', 'Kripto', 'Makro'];

/** Context words per topic, keyed by the lowercase topic name. Words of 4+ letters also match with
 * Turkish suffixes ("faizler", "borsada"); shorter ones only whole ("kur'u", "fed"). Matching ignores
 * case and Turkish diacritics ("doviz" is "döviz"). */
export const TOPIC_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  bist: ['bist', 'borsa', 'hisse', 'bist100', 'xu100', 'x100', 'endeks', 'temettü'],
  fx: ['fx', 'döviz', 'kur', 'usd', 'eur', 'parite', 'dolar', 'euro', 'avro', 'altın', 'ons', 'usdtry', 'eurtry'],
  kripto: ['kripto', 'crypto', 'bitcoin', 'btc', 'eth', 'ethereum', 'altcoin', 'coin', 'solana', 'usdt', 'binance'],
  makro: ['makro', 'enflasyon', 'faiz', 'ekonomi', 'gsyih', 'büyüme', 'veriler', 'verisi', 'tcmb', 'fed',
    'işsizlik', 'ppk', 'merkez bankası', 'cari açık'],
};

// ---------------------------------------------------------------- helpers

/** `record[key]` for own keys only ("constructor" is not a topic). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Compiled once per list: found by identity, else by content (a list that crossed a wire is a new
 * array). The content map is bounded: it is emptied when it reaches 64 entries. */
class ListCache<T> {
  private readonly byRef = new WeakMap<readonly string[], T>();
  private readonly byContent = new Map<string, T>();
  constructor(private readonly build: (list: readonly string[]) => T) {}
  get(list: readonly string[]): T {
    let value = this.byRef.get(list);
    if (value) return value;
    const key = `${list.length}:${list.join('\u0000')}`;
    value = this.byContent.get(key);
    if (!value) {
      value = this.build(list);
      if (this.byContent.size >= 64) this.byContent.clear();
      this.byContent.set(key, value);
    }
    this.byRef.set(list, value);
    return value;
  }
}

/** Lowercase with ı folded, so "BIST", "Bist" and "bıst" share a key. */
function topicKey(topic: string): string {
  return foldTurkish(topic, false);
}

// ---------------------------------------------------------------- context

interface Matcher {
  readonly re: RegExp | undefined;
  /** Folded keyword → the pool indices it scores for. */
  readonly topicsOf: ReadonlyMap<string, readonly number[]>;
}

const matchers = new ListCache(compileTopics);

function compileTopics(pool: readonly string[]): Matcher {
  const topicsOf = new Map<string, number[]>();
  pool.forEach((topic, i) => {
    const key = topicKey(topic);
    const words = [key, ...key.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3), ...(own(TOPIC_KEYWORDS, key) ?? [])];
    for (const w of words.map((x) => foldTurkish(x, true))) {
      const topics = topicsOf.get(w) ?? [];
      if (!topics.includes(i)) topics.push(i);
      topicsOf.set(w, topics);
    }
  });
  const words = [...topicsOf.keys()];
  return { re: wordsRegex(words.filter((w) => w.length >= 4), words.filter((w) => w.length < 4)), topicsOf };
}

/** Per message and pool: keyword hits per pool topic. Transcript entries are reused turn after turn,
 * so most turns scan only the newest message. */
const hitCache = new WeakMap<object, { readonly matcher: Matcher; readonly hits: readonly number[] }>();

function messageHits(message: { readonly text: string }, size: number, matcher: Matcher): readonly number[] {
  const cached = hitCache.get(message);
  if (cached?.matcher === matcher) return cached.hits;
  const hits = new Array<number>(size).fill(0);
  const { re, topicsOf } = matcher;
  if (re) {
    const text = foldTurkish(message.text, true);
    re.lastIndex = 0;
    for (let hit = re.exec(text); hit; hit = re.exec(text)) {
      for (const t of topicsOf.get(hit[1] ?? hit[2]!)!) hits[t]!++;
    }
  }
  hitCache.set(message, { matcher, hits });
  return hits;
}

/** Keyword hits per pool topic in the newest CONTEXT_MESSAGES messages, weighted CONTEXT_DECAY^age
 * (newest age 0): what is being talked about now counts most. */
function contextHits(pool: readonly string[], transcript: readonly { readonly text: string }[]): number[] {
  const total = new Array<number>(pool.length).fill(0);
  const matcher = matchers.get(pool);
  let weight = 1;
  const stop = Math.max(0, transcript.length - CONTEXT_MESSAGES);
  for (let i = transcript.length - 1; i >= stop; i--, weight *= CONTEXT_DECAY) {
    const hits = messageHits(transcript[i]!, pool.length, matcher);
    for (let t = 0; t < hits.length; t++) total[t]! += hits[t]! * weight;
  }
  return total;
}

// ---------------------------------------------------------------- choosing

// The scores are balanced so that one keyword in the newest message beats the noise, and a topic the
// chat's own lines keep hot still yields to the diversity term after two or three turns.
/** Messages of context read (the old system's 15) and the weight lost per message of age. */
const CONTEXT_MESSAGES = 15;
const CONTEXT_DECAY = 0.8;
/** Context score: CONTEXT_MAX × hits / (hits + CONTEXT_HALF), saturating below CONTEXT_MAX. */
const CONTEXT_MAX = 2.5;
const CONTEXT_HALF = 2;
/** Each of the last DIVERSITY_TURNS turns on the topic costs DIVERSITY_DECAY^age (newest age 0). */
const DIVERSITY_TURNS = 10;
const DIVERSITY_DECAY = 0.85;
/** Uniform noise in [0, NOISE) per topic: breaks ties, adds variety. */
const NOISE = 0.5;

export interface TopicInput {
  /** The chat's topics; empty means the default four. */
  readonly pool: readonly string[];
  /** The chat's recent messages, newest last. */
  readonly transcript: readonly { readonly text: string }[];
  /** The speaking bot's stances; a topic whose cooldown is running is never chosen. */
  readonly stances: readonly Stance[];
  /** Topics of the chat's last turns, newest last. */
  readonly recentTopics: readonly string[];
  readonly now: number;
  /** The speaker's liking for each topic (traits.ts, summing to 1); absent: all alike. */
  readonly affinity?: Readonly<Record<string, number>>;
}

/** Weight of the speaker's topic affinity: a persona's favourite topic gains about half a point over
 * an even share, one it rejects loses about as much (the context can still bring it up). */
const AFFINITY = 3;

/**
 * The topic of the next turn: keyword context of the newest messages, minus a penalty for topics just
 * used, plus a little noise. Topics on stance cooldown are dropped; if that empties the pool the
 * default four (minus cooldowns) stand in, and only if those all cool down too the least recently
 * used pool topic is returned. Deterministic for a seeded `rng`.
 */
export function chooseTopic(input: TopicInput, rng: Rng): string {
  const { pool, transcript, stances, recentTopics, now, affinity } = input;
  if (!Number.isFinite(now)) throw new Invalid(`now must be a finite epoch ms, got ${now}`, 'now');
  if (!Array.isArray(pool)) throw new Invalid('pool must be a list of topic names', 'pool');
  let dense = true;
  for (let i = 0; i < pool.length; i++) {
    if (!(i in pool)) dense = false;
    else if (typeof pool[i] !== 'string') throw new Invalid('pool must be a list of topic names', 'pool');
  }
  const cooling = coolingKeys(stances, now);
  const base = pool.length > 0 ? pool : DEFAULT_TOPICS;
  let source = base;
  // undefined: every topic is open (no cooldown running, no holes in the pool).
  let open = cooling || !dense ? source.map((t) => !cooling?.has(topicKey(t))) : undefined;
  if (open && !open.includes(true) && source !== DEFAULT_TOPICS) {
    source = DEFAULT_TOPICS;
    open = source.map((t) => !cooling?.has(topicKey(t)));
  }
  if (open && !open.includes(true)) return leastRecent(base, recentTopics);

  const hits = contextHits(source, transcript);
  let best = '';
  let bestScore = -Infinity;
  for (let i = 0; i < source.length; i++) {
    if (open && !open[i]) continue;
    const topic = source[i]!;
    const h = hits[i]!;
    const liking = affinity ? AFFINITY * ((own(affinity, topic) ?? 0.25) - 0.25) : 0;
    const score = (CONTEXT_MAX * h) / (h + CONTEXT_HALF) - recency(topic, recentTopics) + liking + NOISE * rng.next();
    if (score > bestScore) {
      best = topic;
      bestScore = score;
    }
  }
  return best;
}

function coolingKeys(stances: readonly Stance[], now: number): Set<string> | undefined {
  let keys: Set<string> | undefined;
  for (const s of stances) {
    if (s.cooldownUntil !== undefined && s.cooldownUntil > now) (keys ??= new Set()).add(topicKey(s.topic));
  }
  return keys;
}

/** Σ DIVERSITY_DECAY^age over the last DIVERSITY_TURNS turns on `topic`. */
function recency(topic: string, recentTopics: readonly string[]): number {
  let penalty = 0;
  let weight = 1;
  const stop = Math.max(0, recentTopics.length - DIVERSITY_TURNS);
  for (let i = recentTopics.length - 1; i >= stop; i--, weight *= DIVERSITY_DECAY) {
    if (recentTopics[i] === topic) penalty += weight;
  }
  return penalty;
}

/** The topic whose last use is oldest (never used beats everything; ties keep pool order). */
function leastRecent(pool: readonly string[], recentTopics: readonly string[]): string {
  let best = pool[0]!;
  let bestAt = Infinity;
  for (const topic of pool) {
    const at = recentTopics.lastIndexOf(topic);
    if (at < bestAt) {
      best = topic;
      bestAt = at;
    }
  }
  return best;
}

// ---------------------------------------------------------------- symbols

interface Aliases {
  /** Whole words, any case ("btc", "BTC'de"). */
  readonly exact?: readonly string[];
  /** Words that Turkish suffixes may follow directly ("dolardan", "altını"). */
  readonly stems?: readonly string[];
  /** Words matched only in capitals: in lowercase they are everyday words ("sol" is "left"). */
  readonly upper?: readonly string[];
}

/** How people write the common symbols. Other symbols match by their ticker ("THYAO", "thyao"). */
const KNOWN_ALIASES: Readonly<Record<string, Aliases>> = {
  'BIST:XU100': { exact: ['bist 100', 'bist100', 'bist', 'xu100', 'x100'], stems: ['endeks'] },
  BTCUSDT: { exact: ['btc'], stems: ['bitcoin'] },
  ETHUSDT: { exact: ['eth'], stems: ['ethereum'] },
  SOLUSDT: { stems: ['solana'], upper: ['SOL'] },
  USDTRY: { exact: ['usd', 'usd/try'], stems: ['dolar'] },
  EURTRY: { exact: ['eur', 'eur/try'], stems: ['euro', 'avro'] },
  XAUUSD: { exact: ['ons', 'xau', 'xau/usd'], stems: ['ons altın'] },
  // "altın" is gold in any case ("ALTIN", "altını"); see NOT_SYMBOLS for "altıncı".
  XAUTRY_GRAM: { stems: ['gram altın', 'altın'] },
};

/** Words a stem alias would catch but that mean something else: "altıncı" is "sixth". */
const NOT_SYMBOLS: readonly string[] = ['altinci'];

/** BIST tickers that are also everyday words: matched only in capitals. */
const WORD_TICKERS: ReadonlySet<string> = new Set(['MAVI', 'SISE']);

/** Aliases of any symbol: known ones, else its ticker; coin tickers (often English words) only in capitals.
 * Non-BIST symbols also match their full code ("btcusdt", "usdtry"). */
function aliasesOf(symbol: string): Aliases {
  const code = symbol.toLowerCase();
  const known = own(KNOWN_ALIASES, symbol);
  if (known) return symbol.startsWith('BIST:') ? known : { ...known, exact: [...(known.exact ?? []), code] };
  if (symbol.startsWith('BIST:')) {
    const ticker = symbol.slice(5);
    return WORD_TICKERS.has(ticker) ? { upper: [ticker] } : { exact: [code.slice(5)] };
  }
  if (symbol.endsWith('USDT') && symbol.length > 4) return { exact: [code], upper: [symbol.slice(0, -4)] };
  return { exact: [code] };
}

/** Whether Turkish upper-casing changes `word` (ASCII is decided without the slow locale call). */
function isLowerSomewhere(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
    if (c > 127) return word !== word.toLocaleUpperCase('tr');
  }
  return false;
}

interface SymbolMatcher {
  readonly re: RegExp | undefined;
  /** Folded alias → its symbol, and whether it counts only when written in capitals. */
  readonly symbolOf: ReadonlyMap<string, { readonly symbol: string; readonly upper: boolean }>;
}

const symbolMatchers = new ListCache(compileSymbols);

function compileSymbols(universe: readonly string[]): SymbolMatcher {
  const symbolOf = new Map<string, { symbol: string; upper: boolean }>();
  const stems: string[] = [];
  const exact: string[] = [];
  const add = (alias: string, symbol: string, into: string[], upper = false): void => {
    const key = foldTurkish(alias, false);
    if (symbolOf.has(key)) return;
    symbolOf.set(key, { symbol, upper });
    into.push(key);
  };
  for (const symbol of universe) {
    if (typeof symbol !== 'string' || symbol === '') throw new Invalid('universe must list symbols', 'universe');
    const a = aliasesOf(symbol);
    for (const w of a.stems ?? []) add(w, symbol, stems);
    for (const w of a.exact ?? []) add(w, symbol, exact);
    for (const w of a.upper ?? []) add(w, symbol, exact, true);
  }
  return { re: wordsRegex(stems, exact), symbolOf };
}

/**
 * The universe symbols a text mentions, deduplicated, in order of first mention. Tickers match as
 * whole words in any case, also before a Turkish suffix after an apostrophe ("THYAO'yu", "BTC'de");
 * common symbols also by name ("bitcoin", "dolar", "gram altın"). Ordinary words never match.
 */
export function extractSymbols(text: string, universe: readonly string[]): string[] {
  if (typeof text !== 'string') throw new Invalid('text must be a string', 'text');
  if (!Array.isArray(universe)) throw new Invalid('universe must be a list of symbols', 'universe');
  const { re, symbolOf } = symbolMatchers.get(universe);
  const found: string[] = [];
  if (!re) return found;
  const folded = foldTurkish(text, false);
  re.lastIndex = 0;
  for (let hit = re.exec(folded); hit; hit = re.exec(folded)) {
    const alias = symbolOf.get(hit[1] ?? hit[2]!)!;
    if (alias.upper && isLowerSomewhere(text.slice(hit.index, hit.index + hit[0].length))) continue;
    if (NOT_SYMBOLS.some((w) => hit[0].startsWith(w))) continue;
    if (!found.includes(alias.symbol)) found.push(alias.symbol);
  }
  return found;
}

/** The default topic key a symbol belongs to (market.ts has its own public mapping). */
function symbolTopicKey(symbol: string): string | undefined {
  if (symbol.startsWith('BIST:')) return 'bist';
  if (symbol.endsWith('USDT')) return 'kripto';
  if (/^(USD|EUR|GBP|XAU|XAG)|TRY$/.test(symbol)) return 'fx';
  return undefined;
}

/** Symbols people reach for first when a topic comes up, most common first. */
const POPULAR: Readonly<Record<string, readonly string[]>> = {
  bist: ['BIST:XU100', 'BIST:THYAO', 'BIST:GARAN', 'BIST:AKBNK', 'BIST:ASELS', 'BIST:BIMAS', 'BIST:EREGL', 'BIST:TUPRS'],
  fx: ['USDTRY', 'EURTRY', 'XAUTRY_GRAM'],
  kripto: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
};

/**
 * Up to `max` symbols for a turn on `topic`: the persona's watchlist symbols of that topic, else
 * popular ones found in the universe (an empty universe filters nothing). Makro brings the dollar
 * half of the time; other topics bring what their name mentions ("Altın" → gram gold).
 */
export function topicSymbols(
  topic: string,
  watchlist: readonly string[],
  universe: readonly string[],
  rng: Rng,
  max = 2,
): string[] {
  if (!Number.isInteger(max) || max < 0) throw new Invalid(`max must be a non-negative integer, got ${max}`, 'max');
  const key = topicKey(topic);
  if (key === 'makro') return max > 0 && rng.chance(0.5) ? ['USDTRY'] : [];
  const popularOfTopic = own(POPULAR, key);
  if (!popularOfTopic) return extractSymbols(topic, universe).slice(0, max);
  const watched = watchlist.filter((s) => symbolTopicKey(s) === key);
  if (watched.length > 0) return sample(watched, max, rng);
  const inUniverse = (s: string): boolean => universe.length === 0 || universe.includes(s);
  const popular = popularOfTopic.filter(inUniverse);
  return sample(popular.length > 0 ? popular : universe.filter((s) => symbolTopicKey(s) === key), max, rng);
}

/** Up to `max` distinct items in random order. */
function sample(items: readonly string[], max: number, rng: Rng): string[] {
  const left = items.slice();
  const out: string[] = [];
  while (out.length < max && left.length > 0) {
    const i = rng.int(left.length);
    out.push(left[i]!);
    left[i] = left[left.length - 1]!;
    left.pop();
  }
  return out;
}
