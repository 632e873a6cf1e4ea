// The simulator's price path as a pure function of (seed, symbol, time): open time reckoned from a
// fixed origin per session kind, and a Brownian motion over it read at any point in O(log span) by
// a Brownian bridge whose draws are hashes of (seed, symbol, node) — no state, no stepping, so every
// node of a cluster computes the same price for the same moment.
import { BIST_HALF_DAYS, BIST_HOLIDAYS } from './calendar.ts';
import { utcOffsetMs } from './hours.ts';
import { MARKET_TIME_ZONE, type SessionKind } from './market-symbols.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Monday 2020-01-06 00:00 in Istanbul day numbers (local epoch days): open time counts from there. */
const ORIGIN_DAY = Math.floor(Date.UTC(2020, 0, 6) / DAY_MS);
/** The bridge spans 2^31 s of open time (68 years from 2020). */
const SPAN_LEVELS = 31;
const SPAN = 2 ** SPAN_LEVELS;
/** Fat tails: a draw is 3σ-scaled with this probability; NORM keeps the variance at 1. */
const TAIL_P = 0.02;
const TAIL_K = 3;
const NORM = 1 / Math.sqrt(1 - TAIL_P + TAIL_P * TAIL_K * TAIL_K);

interface LocalDay {
  /** Days since ORIGIN_DAY (Istanbul). */
  readonly days: number;
  /** Ms since local midnight. */
  readonly ms: number;
}

/** Istanbul's UTC offset by hour: the market reads a few distant times per step (now, five minutes
 * ago, the session's open), which would each miss utcOffsetMs's one-block cache. */
const offsets = new Map<number, number>();
const OFFSETS_KEPT = 256;

function offsetAt(t: number): number {
  const hour = Math.floor(t / HOUR_MS);
  let o = offsets.get(hour);
  if (o === undefined) {
    if (offsets.size >= OFFSETS_KEPT) offsets.clear();
    // The offset can change only on the hour (Istanbul's did, on the hour); read at the hour's start.
    offsets.set(hour, (o = utcOffsetMs(hour * HOUR_MS, MARKET_TIME_ZONE)));
  }
  return o;
}

function local(t: number): LocalDay {
  const l = t + offsetAt(t);
  const day = Math.floor(l / DAY_MS);
  return { days: day - ORIGIN_DAY, ms: l - day * DAY_MS };
}

/** Open hours of a weekday per session, from local midnight: [start, length] in ms. */
const HOURS: Readonly<Record<SessionKind, readonly [number, number]>> = {
  bist: [10 * HOUR_MS, 8 * HOUR_MS],
  fx: [0, 24 * HOUR_MS],
  crypto: [0, 24 * HOUR_MS],
};

/** Milliseconds the session was open between the origin and `t` (crypto: all of it; FX and BIST:
 * weekdays only, BIST 10:00–18:00 Istanbul). Flat while closed, so nothing moves then. */
export function openTimeMs(kind: SessionKind, t: number): number {
  const { days, ms } = local(t);
  if (kind === 'crypto') return days * DAY_MS + ms;
  const [start, length] = HOURS[kind];
  const weeks = Math.floor(days / 7);
  const weekday = days - weeks * 7; // 0 = Monday
  const today = weekday < 5 ? Math.min(length, Math.max(0, ms - start)) : 0;
  const open = (weeks * 5 + Math.min(weekday, 5)) * length + today;
  return kind === 'bist' ? open - bistClosedMs(days, ms) : open;
}

/** A weekday the equity session is shut for a holiday, or cut short on its eve: [from, to) ms of the
 * local day that do not trade. */
interface Closure {
  readonly days: number;
  readonly from: number;
  readonly to: number;
}

const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS) - ORIGIN_DAY;
const BIST_CLOSURES: readonly Closure[] = [
  ...[...BIST_HOLIDAYS.keys()].map((d) => ({ days: dayOf(d), from: HOURS.bist[0], to: HOURS.bist[0] + HOURS.bist[1] })),
  ...[...BIST_HALF_DAYS].map((d) => ({ days: dayOf(d), from: 12.5 * HOUR_MS, to: HOURS.bist[0] + HOURS.bist[1] })),
]
  .filter((c) => ((c.days % 7) + 7) % 7 < 5)
  .sort((a, b) => a.days - b.days);

/** Equity session time lost to holidays and half days from the origin up to local (days, ms). */
function bistClosedMs(days: number, ms: number): number {
  let lost = 0;
  for (const c of BIST_CLOSURES) {
    if (c.days > days) break;
    lost += c.days < days ? c.to - c.from : Math.min(c.to, Math.max(c.from, ms)) - c.from;
  }
  return lost;
}

const isBistClosedDay = (days: number) => BIST_CLOSURES.some((c) => c.days === days && c.from === HOURS.bist[0]);

/** When the latest session day that has begun by `t` opened (wall ms): the base of `changePct`.
 * BIST: 10:00 of the latest trading day whose 10:00 has passed (weekends and holidays skipped); FX:
 * the latest weekday's midnight; crypto: today's midnight (Istanbul). */
export function sessionOpenedAt(kind: SessionKind, t: number): number {
  const { days, ms } = local(t);
  const midnight = t - ms;
  if (kind === 'crypto') return midnight;
  const [start] = HOURS[kind];
  let back = ms >= start ? 0 : 1;
  for (;;) {
    const weekday = (((days - back) % 7) + 7) % 7;
    if (weekday < 5 && !(kind === 'bist' && isBistClosedDay(days - back))) break;
    back++;
  }
  return midnight - back * DAY_MS + start;
}

/** 32-bit mix (murmur3's finaliser). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A standard normal draw (with fat tails) that is a pure function of `key` and `node`. */
export function hashedNormal(key: number, node: number): number {
  const lo = node % 4294967296;
  const hi = Math.floor(node / 4294967296);
  const a = mix((key ^ mix(lo + 0x9e3779b9) ^ Math.imul(hi + 1, 0x27d4eb2f)) >>> 0);
  const b = mix(a ^ 0x68e31da4);
  const c = mix(b ^ 0xb5297a4d);
  const z = Math.sqrt(-2 * Math.log(1 - a / 4294967296)) * Math.cos(2 * Math.PI * (b / 4294967296));
  return (c / 4294967296 < TAIL_P ? z * TAIL_K : z) * NORM;
}

/** The last descent of a bridge, level by level, so the next read near it starts deep down: reads
 * a step apart share all but the last few levels. Only a cache: results are the same without it. */
export interface BridgePath {
  depth: number;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly wLo: Float64Array;
  readonly wHi: Float64Array;
}

export function newBridgePath(): BridgePath {
  const n = SPAN_LEVELS + 1;
  return { depth: 0, lo: new Float64Array(n), hi: new Float64Array(n), wLo: new Float64Array(n), wHi: new Float64Array(n) };
}

/**
 * A standard Brownian motion W(u) for integer u in [0, 2^31] (variance u), read at one point by
 * bisecting its bridge: each midpoint is the mean of its ends plus √(len/4) times a hashed draw.
 * At most 31 draws per read (a few with `path` when the last read was near); the same key gives the
 * same path in every process.
 */
export function brownian(key: number, u: number, path?: BridgePath): number {
  const at = Math.min(SPAN, Math.max(0, Math.floor(u)));
  let level = 0;
  let lo = 0, hi = SPAN;
  let wLo = 0, wHi: number;
  if (path && path.depth > 0) {
    // The deepest cached interval that still holds `at` (level 0 always does).
    let d = path.depth - 1;
    while (d > 0 && !(at >= path.lo[d]! && at < path.hi[d]!)) d--;
    level = d;
    lo = path.lo[d]!; hi = path.hi[d]!; wLo = path.wLo[d]!; wHi = path.wHi[d]!;
  } else {
    wHi = Math.sqrt(SPAN) * hashedNormal(key, SPAN);
  }
  if (at === SPAN) return wHi;
  for (;;) {
    if (path) {
      path.lo[level] = lo; path.hi[level] = hi; path.wLo[level] = wLo; path.wHi[level] = wHi;
      path.depth = level + 1;
    }
    if (hi - lo <= 1) break;
    const mid = (lo + hi) / 2;
    const wMid = (wLo + wHi) / 2 + Math.sqrt((hi - lo) / 4) * hashedNormal(key, mid);
    if (at < mid) {
      hi = mid;
      wHi = wMid;
    } else {
      lo = mid;
      wLo = wMid;
    }
    level++;
  }
  return at === lo ? wLo : wHi;
}
