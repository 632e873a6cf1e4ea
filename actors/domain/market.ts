// The seeded market simulator: geometric random walk per symbol during its session, news shocks
// (partly reverting), recent news, snapshots and live P&L of holdings. Deterministic per seed.
import { Invalid } from '../errors.ts';
import type { Rng } from '../ports.ts';
import type { Holding, HoldingView, MarketSnapshot, NewsItem, Quote } from './types.ts';
import { DEFAULT_SYMBOLS, SESSION_YEAR_MS, sessionClock } from './market-symbols.ts';
import type { SessionClock, SessionKind, SymbolSpec } from './market-symbols.ts';

export * from './market-symbols.ts';

/** News items kept in the state (and in every snapshot). */
export const NEWS_KEPT = 20;
/** Minute buckets kept for `movePct` (the change over the last ~5 minutes). */
const RING = 6;
const MINUTE_MS = 60_000;
/** Share of a news shock that reverts, and the time constant of the reversion. */
const REVERT_SHARE = 0.3;
const REVERT_TAU_MS = 10 * MINUTE_MS;
/** Fat tails: a step is a 3σ-scaled draw with this probability; NORM keeps the variance at σ². */
const TAIL_P = 0.02;
const TAIL_K = 3;
const NORM = 1 / Math.sqrt(1 - TAIL_P + TAIL_P * TAIL_K * TAIL_K);

/** One symbol's live state. Owned by the market state; read it through `snapshot`. */
export interface SymbolState {
  readonly spec: SymbolSpec;
  price: number;
  /** Price at the start of the current session day (base of `changePct`). */
  openPrice: number;
  /** Istanbul day index of `openPrice`. */
  day: number;
  open: boolean;
  /** Log shock from news that arrived while the session was closed; applied at the next open. */
  pending: number;
  /** Log amount of past shocks still to revert. */
  revert: number;
  /** Minute bucket and price of the first step in that minute, ring-indexed by bucket % RING. */
  readonly ringBucket: number[];
  readonly ringPrice: number[];
}

/** The simulator's state. `stepMarket` and `applyNews` update it in place and return it (it is
 * owned by one actor and stepped every few seconds); results stay deterministic for a given seed
 * and sequence of calls. Snapshots are fresh immutable objects, safe to hand out. */
export interface MarketState {
  at: number;
  /** Bumped on every change; snapshots are cached per version. */
  version: number;
  readonly symbols: readonly SymbolState[];
  readonly bySymbol: ReadonlyMap<string, SymbolState>;
  /** The newest NEWS_KEPT items, oldest first. */
  readonly news: NewsItem[];
  cache?: { readonly version: number; readonly full: MarketSnapshot };
}

/** A standard normal draw with occasional fat-tailed steps. */
function draw(rng: Rng): number {
  const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return (rng.next() < TAIL_P ? z * TAIL_K : z) * NORM;
}

function record(s: SymbolState, now: number): void {
  const bucket = Math.floor(now / MINUTE_MS);
  const i = ((bucket % RING) + RING) % RING;
  if (s.ringBucket[i] !== bucket) {
    s.ringBucket[i] = bucket;
    s.ringPrice[i] = s.price;
  }
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

function clocks(now: number): Record<SessionKind, SessionClock> {
  return { bist: sessionClock('bist', now), fx: sessionClock('fx', now), crypto: sessionClock('crypto', now) };
}

/** Recomputes derived prices (gram gold) from their sources, so they never drift apart. */
function derive(state: MarketState): void {
  for (const s of state.symbols) {
    const d = s.spec.derived;
    if (!d) continue;
    let p = 1;
    for (const from of d.from) p *= (state.bySymbol.get(from) as SymbolState).price;
    s.price = p / d.divisor;
  }
}

/** Starts a market at `now`: each symbol at its spec price with a seeded ±1 %-ish jitter. */
export function createMarket(now: number, rng: Rng, symbols: readonly SymbolSpec[] = DEFAULT_SYMBOLS): MarketState {
  if (!Number.isFinite(now)) throw new Invalid(`market start time ${now} must be a finite epoch ms`);
  validate(symbols);
  const sessions = clocks(now);
  const list = symbols.map((spec): SymbolState => {
    const price = spec.derived ? spec.price : spec.price * Math.exp(0.01 * draw(rng));
    const session = sessions[spec.session];
    return {
      spec, price, openPrice: price, day: session.day, open: session.open, pending: 0, revert: 0,
      ringBucket: new Array<number>(RING).fill(Number.NaN), ringPrice: new Array<number>(RING).fill(0),
    };
  });
  const state: MarketState = { at: now, version: 0, symbols: list, bySymbol: new Map(list.map((s) => [s.spec.symbol, s])), news: [] };
  derive(state);
  for (const s of list) {
    s.openPrice = s.price;
    record(s, now);
  }
  return state;
}

/** Advances prices to `now` (in place; see MarketState). Only open sessions move; a symbol's
 * session-open price resets at the first step of each session day; shocks held while closed are
 * applied at the open. A `now` not after the last step changes nothing and draws nothing. */
export function stepMarket(state: MarketState, now: number, rng: Rng): MarketState {
  if (!Number.isFinite(now)) throw new Invalid(`market step time ${now} must be a finite epoch ms`);
  if (now <= state.at) return state;
  const sessions = clocks(now);
  for (const s of state.symbols) {
    const session = sessions[s.spec.session];
    s.open = session.open;
    if (!session.open) continue;
    if (s.day !== session.day) {
      s.day = session.day;
      s.openPrice = s.price;
    }
    if (s.spec.derived) continue;
    let logRet = s.pending;
    s.pending = 0;
    const dt = now - Math.max(state.at, session.openedAt);
    if (dt > 0) {
      const years = dt / SESSION_YEAR_MS[s.spec.session];
      const sigma = s.spec.volatility * Math.sqrt(years);
      logRet += ((s.spec.drift ?? 0) - 0.5 * s.spec.volatility * s.spec.volatility) * years + sigma * draw(rng);
      if (s.revert !== 0) {
        const back = s.revert * (1 - Math.exp(-dt / REVERT_TAU_MS));
        s.revert -= back;
        logRet -= back;
      }
    }
    if (logRet !== 0) s.price *= Math.exp(logRet);
  }
  derive(state);
  for (const s of state.symbols) record(s, now);
  state.at = now;
  state.version++;
  return state;
}

/** Size of a full-impact shock as a log return: a tenth of the annual volatility, within 1 %…8 %
 * (≈ 3.8 % for a BIST stock, 1 % for USDTRY, 9 %→8 % for SOL). */
function shockSize(spec: SymbolSpec): number {
  return Math.min(0.08, Math.max(0.01, spec.volatility * 0.1));
}

/** Shocks the named symbols by impact × shockSize (in place). A shock to a derived symbol goes to
 * its first source (gram gold → ons). While a session is closed the shock waits for the open; 30 %
 * of it reverts over the next ~10 minutes. Keeps the newest NEWS_KEPT items. Throws `Invalid` for
 * an unknown symbol or an impact outside -1…1. */
export function applyNews(state: MarketState, news: NewsItem): MarketState {
  if (!(news.impact >= -1 && news.impact <= 1)) {
    throw new Invalid(`news impact ${news.impact} must be a number between -1 and 1`);
  }
  const targets = new Set<SymbolState>();
  for (const symbol of news.symbols) {
    const s = state.bySymbol.get(symbol);
    if (!s) throw new Invalid(`news symbol ${JSON.stringify(symbol)} is not a market symbol`);
    const from = s.spec.derived?.from[0];
    targets.add(from === undefined ? s : (state.bySymbol.get(from) as SymbolState));
  }
  for (const s of targets) {
    const shock = news.impact * shockSize(s.spec);
    if (s.open) {
      s.price *= Math.exp(shock);
      s.revert += REVERT_SHARE * shock;
    } else {
      s.pending += shock;
      s.revert += REVERT_SHARE * shock;
    }
  }
  derive(state);
  state.news.push(news);
  if (state.news.length > NEWS_KEPT) state.news.splice(0, state.news.length - NEWS_KEPT);
  state.version++;
  return state;
}

function movePct(s: SymbolState, at: number): number {
  const target = Math.floor(at / MINUTE_MS) - (RING - 1);
  let best = -Infinity, bestPrice = 0, oldest = Infinity, oldestPrice = s.price;
  for (let i = 0; i < RING; i++) {
    const b = s.ringBucket[i] as number;
    if (Number.isNaN(b)) continue;
    if (b <= target && b > best) { best = b; bestPrice = s.ringPrice[i] as number; }
    if (b < oldest) { oldest = b; oldestPrice = s.ringPrice[i] as number; }
  }
  return s.price / (best > -Infinity ? bestPrice : oldestPrice) - 1;
}

function quoteOf(s: SymbolState, at: number): Quote {
  return {
    symbol: s.spec.symbol, price: s.price, changePct: s.price / s.openPrice - 1, movePct: movePct(s, at), open: s.open,
  };
}

function fullSnapshot(state: MarketState): MarketSnapshot {
  if (state.cache?.version === state.version) return state.cache.full;
  const quotes: Record<string, Quote> = {};
  for (const s of state.symbols) quotes[s.spec.symbol] = quoteOf(s, state.at);
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
