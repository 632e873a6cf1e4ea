// The simulator's instruments: default symbols with late-2026 starting prices and volatilities,
// their trading sessions (BIST, FX/gold 24/5, crypto 24/7), topics and Turkish display names.
import { Invalid } from '../errors.ts';
import { utcOffsetMs } from './hours.ts';
import { bistSessionOf } from './calendar.ts';

/** BIST: Mon–Fri 10:00–18:00 except holidays (until 12:30 on their eves; calendar.ts); FX and gold:
 * Mon–Fri all day; crypto: always. Istanbul time. */
export type SessionKind = 'bist' | 'fx' | 'crypto';

export type SymbolTopic = 'BIST' | 'FX' | 'Kripto';

/** Sessions are reckoned in Istanbul time. */
export const MARKET_TIME_ZONE = 'Europe/Istanbul';

/** One instrument the simulator prices. */
export interface SymbolSpec {
  readonly symbol: string;
  /** Starting price (before the seeded ±1 % jitter at creation). */
  readonly price: number;
  /** Annualised volatility over open time (0.38 = 38 %). */
  readonly volatility: number;
  /** Annualised log drift over open time. Default 0. */
  readonly drift?: number;
  readonly session: SessionKind;
  /** Priced from other symbols: product of `from` prices / `divisor` (gram gold = ons × USDTRY / 31.1035). */
  readonly derived?: { readonly from: readonly string[]; readonly divisor: number };
}

/** Grams in a troy ounce. */
export const TROY_OUNCE_GRAMS = 31.1035;

/** Illustrative late-2026 levels; the lira keeps its slow crawl (USDTRY drift ≈ 20 %/year). */
export const DEFAULT_SYMBOLS: readonly SymbolSpec[] = [
  { symbol: 'BIST:XU100', price: 13_250, volatility: 0.25, session: 'bist' },
  { symbol: 'BIST:THYAO', price: 372.5, volatility: 0.38, session: 'bist' },
  { symbol: 'BIST:AKBNK', price: 78.4, volatility: 0.42, session: 'bist' },
  { symbol: 'BIST:GARAN', price: 158.2, volatility: 0.4, session: 'bist' },
  { symbol: 'BIST:ASELS', price: 236.0, volatility: 0.45, session: 'bist' },
  { symbol: 'BIST:EREGL', price: 34.8, volatility: 0.38, session: 'bist' },
  { symbol: 'BIST:BIMAS', price: 655.0, volatility: 0.3, session: 'bist' },
  { symbol: 'BIST:KCHOL', price: 214.6, volatility: 0.33, session: 'bist' },
  { symbol: 'BIST:TUPRS', price: 221.3, volatility: 0.35, session: 'bist' },
  { symbol: 'BIST:SISE', price: 47.9, volatility: 0.36, session: 'bist' },
  { symbol: 'USDTRY', price: 48.9, volatility: 0.1, drift: 0.2, session: 'fx' },
  { symbol: 'EURTRY', price: 57.3, volatility: 0.12, drift: 0.2, session: 'fx' },
  { symbol: 'XAUUSD', price: 4_320, volatility: 0.16, session: 'fx' },
  {
    symbol: 'XAUTRY_GRAM', price: 4_320 * 48.9 / TROY_OUNCE_GRAMS, volatility: 0, session: 'fx',
    derived: { from: ['XAUUSD', 'USDTRY'], divisor: TROY_OUNCE_GRAMS },
  },
  { symbol: 'BTCUSDT', price: 112_000, volatility: 0.55, session: 'crypto' },
  { symbol: 'ETHUSDT', price: 4_150, volatility: 0.7, session: 'crypto' },
  { symbol: 'SOLUSDT', price: 205, volatility: 0.9, session: 'crypto' },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Open time in one year per session, so annualised volatility scales with open time only. */
export const SESSION_YEAR_MS: Readonly<Record<SessionKind, number>> = {
  bist: 252 * 8 * HOUR_MS,
  fx: 260 * 24 * HOUR_MS,
  crypto: 365 * 24 * HOUR_MS,
};

/** A session at one instant: open or not, the Istanbul day index (the daily reset of the
 * session-open price) and when the current open stretch began (-Infinity for crypto). */
export interface SessionClock {
  readonly open: boolean;
  readonly day: number;
  readonly openedAt: number;
}

/** Where each session stands at `now`. */
export function sessionClock(kind: SessionKind, now: number): SessionClock {
  const local = now + utcOffsetMs(now, MARKET_TIME_ZONE);
  const day = Math.floor(local / DAY_MS);
  const midnight = now - (local - day * DAY_MS);
  const weekday = (((day + 4) % 7) + 7) % 7;
  const weekdayOpen = weekday >= 1 && weekday <= 5;
  switch (kind) {
    case 'crypto':
      return { open: true, day, openedAt: Number.NEGATIVE_INFINITY };
    case 'fx':
      return { open: weekdayOpen, day, openedAt: midnight - (weekday - 1) * DAY_MS };
    case 'bist': {
      const session = bistSessionOf(now);
      if (!session) return { open: false, day, openedAt: midnight + 10 * HOUR_MS };
      return { open: now >= session.opensAt && now < session.closesAt, day, openedAt: session.opensAt };
    }
    default:
      throw new Invalid(`session ${JSON.stringify(kind)} must be one of bist, fx, crypto`);
  }
}

const CRYPTO_BASES = new Set(['BTC', 'ETH', 'SOL', 'XRP', 'AVAX', 'DOGE', 'BNB', 'ADA']);

/** Topic a symbol is discussed under: BIST:* → 'BIST', *USDT and coins → 'Kripto', else 'FX'
 * (currencies and gold). */
export function symbolTopic(symbol: string): SymbolTopic {
  if (symbol.startsWith('BIST:')) return 'BIST';
  if (symbol.endsWith('USDT') || CRYPTO_BASES.has(symbol)) return 'Kripto';
  return 'FX';
}

const NAMES: ReadonlyMap<string, string> = new Map([
  ['BIST:XU100', 'BIST 100'],
  ['USDTRY', 'dolar/TL'],
  ['EURTRY', 'euro/TL'],
  ['XAUUSD', 'ons altın'],
  ['XAUTRY_GRAM', 'gram altın'],
]);

/** How people in the chat say it: "THYAO", "BIST 100", "dolar/TL", "gram altın", "BTC". */
export function displayName(symbol: string): string {
  const known = NAMES.get(symbol);
  if (known !== undefined) return known;
  if (symbol.startsWith('BIST:')) return symbol.slice(5);
  if (symbol.endsWith('USDT') && symbol.length > 4) return symbol.slice(0, -4);
  return symbol;
}
