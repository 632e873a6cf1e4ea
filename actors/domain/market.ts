// The seeded market simulator: a price is a pure function of (seed, symbol, time, news) — a geometric
// Brownian motion over each session's open time (market-path.ts), plus news shocks that partly revert
// — so every node computes the same price for the same moment. The state is a cache of the quotes at
// its time `at`; `stepMarket` moves it, `applyNews` adds a shock. Snapshots and live P&L of holdings.
import { Invalid } from '../errors.ts';
import type { Rng } from '../ports.ts';
import type { Holding, HoldingView, MarketSnapshot, NewsItem, Quote } from './types.ts';
import { DEFAULT_SYMBOLS, SESSION_YEAR_MS, sessionClock } from './market-symbols.ts';
import type { SymbolSpec } from './market-symbols.ts';
import { brownian, hashedNormal, newBridgePath, openTimeMs, sessionOpenedAt, type BridgePath } from './market-path.ts';
import { fnv1a } from './rng.ts';

export * from './market-symbols.ts';

/** News items kept in snapshots. */
export const NEWS_KEPT = 20;
/** The moment the spec prices hold (before the seeded ±1 % jitter): the walk runs from there, both ways. */
export const MARKET_EPOCH = Date.UTC(2026, 10, 16);
const MINUTE_MS = 60_000;
/** `movePct` is the change over this long. */
const MOVE_MS = 5 * MINUTE_MS;
/** Share of a news shock that reverts, and the time constant (open time) of the reversion. */
const REVERT_SHARE = 0.3;
const REVERT_TAU_MS = 10 * MINUTE_MS;

/** A shock on one symbol: from `at` (wall) and `openAt` (its open time then); `live` when the session
 * was open at `at` (otherwise it waits for the open). */
interface Shock {
  readonly at: number;
  readonly openAt: number;
  readonly live: boolean;
  readonly size: number;
}

/** One symbol: its path's constants, its shocks and the cached quote at the market's `at`. */
export interface SymbolState {
  readonly spec: SymbolSpec;
  /** Hash of (seed, symbol): names the symbol's path. */
  readonly key: number;
  /** log of the jittered spec price, open time and W at MARKET_EPOCH. */
  readonly logBase: number;
  readonly openRef: number;
  readonly wRef: number;
  readonly shocks: Shock[];
  /** Caches of the walk's last reads (see BridgePath): now, five minutes ago, the session's open. */
  readonly paths: readonly [BridgePath, BridgePath, BridgePath];
  price: number;
  openPrice: number;
  /** When `openPrice` was read and how many news items were applied then (it holds until either changes). */
  openKey: string;
  movePct: number;
  open: boolean;
}

/** The simulator's state: constants from the seed, the news so far, and quotes at `at`. */
export interface MarketState {
  readonly seed: number;
  at: number;
  /** Bumped on every change; snapshots are cached per version. */
  version: number;
  readonly symbols: readonly SymbolState[];
  readonly bySymbol: ReadonlyMap<string, SymbolState>;
  /** The newest NEWS_KEPT items, oldest first. */
  readonly news: NewsItem[];
  /** Ids of every item applied (an item is applied once, whichever node it came from). */
  readonly applied: Set<string>;
  cache?: { readonly version: number; readonly full: MarketSnapshot };
}

function validate(specs: readonly SymbolSpec[]): void {
  const ids = new Set<string>();
  for (const spec of specs) {
    if (ids.has(spec.symbol)) throw new Invalid(`symbol ${spec.symbol} is listed twice`);
    ids.add(spec.symbol);
    if (!(spec.price > 0) || !Number.isFinite(spec.price)) {
      throw new Invalid(`symbol ${spec.symbol}: price ${spec.price} must be a positive finite number`);
    }
    if (!(spec.volatility >= 0) || !Number.isFinite(spec.volatility)) {
      throw new Invalid(`symbol ${spec.symbol}: volatility ${spec.volatility} must be ≥ 0 and finite`);
    }
    if (!(spec.session in SESSION_YEAR_MS)) {
      throw new Invalid(`symbol ${spec.symbol}: session ${JSON.stringify(spec.session)} must be one of bist, fx, crypto`);
    }
  }
  for (const spec of specs) {
    for (const from of spec.derived?.from ?? []) {
      const source = specs.find((s) => s.symbol === from);
      if (!source || source.derived) {
        throw new Invalid(`symbol ${spec.symbol}: derived from ${from}, which must be a listed, non-derived symbol`);
      }
    }
  }
}

/** The log price of a non-derived symbol at `t`: drift and walk over open time since the epoch, and
 * every shock that has reached the open market by then, less its reverted part. */
function logPriceAt(s: SymbolState, t: number, read: Read): number {
  const { spec } = s;
  const open = openTimeMs(spec.session, t);
  const year = SESSION_YEAR_MS[spec.session];
  const years = (open - s.openRef) / year;
  const sigma = spec.volatility;
  let lp = s.logBase + ((spec.drift ?? 0) - 0.5 * sigma * sigma) * years;
  if (sigma > 0) lp += (sigma / Math.sqrt(year / 1000)) * (brownian(s.key, open / 1000, s.paths[read]) - s.wRef);
  for (let i = 0; i < s.shocks.length; i++) {
    const k = s.shocks[i]!;
    if (t < k.at || (!k.live && open <= k.openAt)) continue;
    lp += k.size * (1 - REVERT_SHARE * (1 - Math.exp(-(open - k.openAt) / REVERT_TAU_MS)));
  }
  return lp;
}

/** Which of a symbol's path caches a read goes through (reads of one kind are near each other). */
const enum Read { Now = 0, Ago = 1, Open = 2 }

/** The price of any symbol at `t` (a derived one from its sources). */
export function priceAt(state: MarketState, s: SymbolState, t: number, read: Read = Read.Now): number {
  const d = s.spec.derived;
  if (!d) return Math.exp(logPriceAt(s, t, read));
  let p = 1;
  for (const from of d.from) p *= Math.exp(logPriceAt(state.bySymbol.get(from)!, t, read));
  return p / d.divisor;
}

/** A market for `seed` (or a seed drawn from `rng`), with quotes at `now`. Every node given the same
 * seed computes the same prices. */
export function createMarket(now: number, seed: number | Rng, symbols: readonly SymbolSpec[] = DEFAULT_SYMBOLS): MarketState {
  if (!Number.isFinite(now)) throw new Invalid(`market start time ${now} must be a finite epoch ms`);
  validate(symbols);
  const seedNumber = typeof seed === 'number' ? seed >>> 0 : seed.int(2 ** 32);
  const list = symbols.map((spec): SymbolState => {
    const key = fnv1a(spec.symbol, fnv1a(String(seedNumber)));
    const openRef = openTimeMs(spec.session, MARKET_EPOCH);
    return {
      spec, key, logBase: Math.log(spec.price) + (spec.derived ? 0 : 0.01 * hashedNormal(key, 2 ** 40)),
      openRef, wRef: brownian(key, openRef / 1000), shocks: [], paths: [newBridgePath(), newBridgePath(), newBridgePath()], price: spec.price, openPrice: spec.price, openKey: '', movePct: 0, open: false,
    };
  });
  const state: MarketState = { seed: seedNumber, at: now, version: 0, symbols: list, bySymbol: new Map(list.map((s) => [s.spec.symbol, s])), news: [], applied: new Set() };
  return requote(state, now);
}

function requote(state: MarketState, now: number): MarketState {
  for (const s of state.symbols) {
    s.price = priceAt(state, s, now);
    const openedAt = Math.min(now, sessionOpenedAt(s.spec.session, now));
    const openKey = `${openedAt}:${state.applied.size}`;
    if (openKey !== s.openKey) {
      s.openPrice = priceAt(state, s, openedAt, Read.Open);
      s.openKey = openKey;
    }
    s.movePct = s.price / priceAt(state, s, now - MOVE_MS, Read.Ago) - 1;
    s.open = sessionClock(s.spec.session, now).open;
  }
  state.at = now;
  state.version++;
  return state;
}

/** Quotes at `now` (in place). Only open sessions move; a shock held while closed shows at the open.
 * A `now` equal to the last one changes nothing. */
export function stepMarket(state: MarketState, now: number): MarketState {
  if (!Number.isFinite(now)) throw new Invalid(`market step time ${now} must be a finite epoch ms`);
  if (now === state.at) return state;
  return requote(state, now);
}

/** Size of a full-impact shock as a log return: a tenth of the annual volatility, within 1 %…8 %
 * (≈ 3.8 % for a BIST stock, 1 % for USDTRY, 9 %→8 % for SOL). */
function shockSize(spec: SymbolSpec): number {
  return Math.min(0.08, Math.max(0.01, spec.volatility * 0.1));
}

/** Adds a shock of impact × shockSize to the named symbols from `news.at` on (a shock to a derived
 * symbol goes to its first source: gram gold → ons). While a session is closed the shock waits for
 * the open; 30 % of it reverts over the next ~10 minutes of open time. An id already applied is
 * ignored. Requotes at `max(at, news.at)`. Throws `Invalid` for an unknown symbol or an impact
 * outside -1…1. */
export function applyNews(state: MarketState, news: NewsItem): MarketState {
  if (!(news.impact >= -1 && news.impact <= 1)) {
    throw new Invalid(`news impact ${news.impact} must be a number between -1 and 1`);
  }
  const targets = new Set<SymbolState>();
  for (const symbol of news.symbols) {
    const s = state.bySymbol.get(symbol);
    if (!s) throw new Invalid(`news symbol ${JSON.stringify(symbol)} is not a market symbol`);
    const from = s.spec.derived?.from[0];
    targets.add(from === undefined ? s : state.bySymbol.get(from)!);
  }
  if (state.applied.has(news.id)) return state;
  state.applied.add(news.id);
  for (const s of targets) {
    s.shocks.push({ at: news.at, openAt: openTimeMs(s.spec.session, news.at), live: sessionClock(s.spec.session, news.at).open, size: news.impact * shockSize(s.spec) });
  }
  state.news.push(news);
  state.news.sort((a, b) => a.at - b.at);
  if (state.news.length > NEWS_KEPT) state.news.splice(0, state.news.length - NEWS_KEPT);
  return requote(state, Math.max(state.at, news.at));
}

function quoteOf(s: SymbolState): Quote {
  return { symbol: s.spec.symbol, price: s.price, changePct: s.price / s.openPrice - 1, movePct: s.movePct, open: s.open };
}

function fullSnapshot(state: MarketState): MarketSnapshot {
  if (state.cache?.version === state.version) return state.cache.full;
  const quotes: Record<string, Quote> = {};
  for (const s of state.symbols) quotes[s.spec.symbol] = quoteOf(s);
  const full = { at: state.at, quotes, news: state.news.slice() };
  state.cache = { version: state.version, full };
  return full;
}

/** One symbol's quote (undefined when the market does not price it); allocation-free when cached. */
export function quoteFor(state: MarketState, symbol: string): Quote | undefined {
  return state.bySymbol.has(symbol) ? fullSnapshot(state).quotes[symbol] : undefined;
}

/** Quotes and recent news; only the requested symbols when given (unknown ones are left out).
 * The full snapshot is built once per state version, so calling this on every turn is cheap. */
export function snapshot(state: MarketState, symbols?: readonly string[]): MarketSnapshot {
  const full = fullSnapshot(state);
  if (!symbols) return full;
  const quotes: Record<string, Quote> = {};
  for (let i = 0; i < symbols.length; i++) {
    const symbol = symbols[i]!;
    const q = state.bySymbol.has(symbol) ? full.quotes[symbol] : undefined;
    if (q) quotes[symbol] = q;
  }
  return { at: full.at, quotes, news: full.news };
}

/** Holdings with their live price and unrealised P&L as a fraction of cost (sign flipped for a
 * short, i.e. negative size). Holdings in symbols the market does not price are left out. */
export function holdingViews(holdings: readonly Holding[], state: MarketState): HoldingView[] {
  const views: HoldingView[] = [];
  for (const h of holdings) {
    const s = state.bySymbol.get(h.symbol);
    if (!s) continue;
    if (!(h.avgPrice > 0) || !Number.isFinite(h.avgPrice)) {
      throw new Invalid(`holding ${h.symbol}: avgPrice ${h.avgPrice} must be a positive finite number`);
    }
    const pnl = s.price / h.avgPrice - 1;
    views.push({ ...h, price: s.price, pnlPct: h.size < 0 ? -pnl : pnl });
  }
  return views;
}
