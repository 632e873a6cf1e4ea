// Chart levels a group agrees on: support, resistance and an RSI-like reading per symbol, derived from
// the quote alone (session open and price), so every bot quoting a level at the same time quotes the
// same one, and it moves only when the price leaves its range — not per speaker, not per line.
import type { Quote } from './types.ts';

export interface Levels {
  /** A round number below the day's range. */
  readonly support: number;
  /** A round number above it. */
  readonly resistance: number;
  /** The grid the levels sit on (1, 2, 2.5 or 5 × 10^k). */
  readonly step: number;
  /** 15…85: high after a strong day and a fresh push up, low after the opposite. */
  readonly rsi: number;
}

const NICE = [1, 2, 2.5, 5, 10] as const;

/** The round step nearest above `x` (x > 0). */
function niceStep(x: number): number {
  const pow = Math.pow(10, Math.floor(Math.log10(x)));
  for (const n of NICE) if (n * pow >= x) return n * pow;
  return 10 * pow;
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** The RSI-like reading alone (levelsOf without the rounding). */
export function rsiOf(q: Quote): number {
  return Math.round(clamp(50 + q.changePct * 1200 + q.movePct * 2500, 15, 85));
}

/** The levels of a symbol now. Deterministic in the quote. */
export function levelsOf(q: Quote): Levels {
  const open = q.price / (1 + q.changePct);
  const step = niceStep(Math.max(open, 1e-9) * 0.012);
  const low = Math.min(q.price, open);
  const high = Math.max(q.price, open);
  let support = Math.floor((low * 0.993) / step) * step;
  if (support >= q.price) support -= step;
  let resistance = Math.ceil((high * 1.007) / step) * step;
  if (resistance <= q.price) resistance += step;
  const rsi = rsiOf(q);
  return { support: round(support, step), resistance: round(resistance, step), step, rsi };
}

/** Removes binary noise (0.1 + 0.2) from a level on a decimal grid. */
function round(x: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(x.toFixed(decimals));
}
